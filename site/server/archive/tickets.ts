import { randomBytes } from "node:crypto";
import type { KvKey } from "@fedify/fedify";
import { hashToken } from "../auth/sessions.ts";
import { duration } from "../federation/temporal.ts";
import type { FederationStorage } from "../storage/federation.ts";
import type { ArchiveWords } from "./words.ts";

/**
 * A download ticket: the address of one archive, good once and for a few minutes. The site asks
 * for it with the person's token (POST /api/me/archive) and then opens the address as a plain
 * link, so the browser's own download saves the ZIP to disk as it comes (no token in the address,
 * nothing held in the page's memory). Tickets live in the key-value store every server process
 * shares (federation storage), by the SHA-256 of the ticket, so a stolen database holds none.
 */

export const TICKET_TTL_MS = 5 * 60_000;
/** Where a ticket's archive is read: `/api/archives/<ticket>` (answered by serve.ts). */
export const ARCHIVE_DOWNLOAD_PATH = "/api/archives/";

export interface ArchiveTicket {
  accountId: number;
  words: ArchiveWords;
  /** Set once a download began: a ticket is good for one download. */
  used?: true;
}

const keyOf = (ticket: string): KvKey => ["p92", "archive-ticket", hashToken(ticket).toString("hex")];
/** What a ticket looks like: 32 random bytes, base64url. */
export const TICKET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export async function issueTicket(
  kv: FederationStorage["kv"],
  ticket: Omit<ArchiveTicket, "used">,
): Promise<{ ticket: string; expiresAt: string }> {
  const value = randomBytes(32).toString("base64url");
  await kv.set(keyOf(value), ticket, { ttl: duration({ milliseconds: TICKET_TTL_MS }) });
  return { ticket: value, expiresAt: new Date(Date.now() + TICKET_TTL_MS).toISOString() };
}

/** The ticket's archive, if it is current and unused (`use` marks it used, once, atomically). */
export async function readTicket(
  kv: FederationStorage["kv"],
  ticket: string,
  use: boolean,
): Promise<ArchiveTicket | null> {
  if (!TICKET_PATTERN.test(ticket)) return null;
  const key = keyOf(ticket);
  const found = await kv.get<ArchiveTicket>(key);
  if (!found || found.used) return null;
  if (!use) return found;
  // The rest of its few minutes, so that a second use still finds it used rather than unknown.
  const ttl = duration({ milliseconds: TICKET_TTL_MS });
  return (await kv.cas(key, found, { ...found, used: true }, { ttl })) ? found : null;
}
