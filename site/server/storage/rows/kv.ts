import type { KvKey } from "@fedify/fedify";

/**
 * How both stores keep Fedify's keys (sqlite/kv.ts, postgres/kv.ts): a key is stored as its parts,
 * each JSON-encoded, joined by U+0001. JSON escapes every control character, so no part contains
 * the separator, and a prefix's keys are one range of the primary key (compared byte by byte:
 * SQLite's default, PostgreSQL's `COLLATE "C"`): from `prefix + SEP` up to (not including)
 * `prefix + NEXT`.
 */
export const SEP = "\u0001";
export const NEXT = "\u0002";

export const encodeKey = (key: KvKey): string => key.map((part) => JSON.stringify(part)).join(SEP);

export const decodeKey = (stored: string): KvKey =>
  stored.split(SEP).map((part) => JSON.parse(part) as string) as [string];
