import type { ActorKeysRecord, FollowPage, InstanceUsage } from "../records.ts";
import {
  ACTOR_KEYS,
  actorKeysOf,
  followPageSql,
  type FollowSide,
  followPageOf,
  INSTANCE_USAGE,
  SAVE_ACTOR_KEYS,
  SAVE_SERVER_ACTOR_KEYS,
  SERVER_ACTOR_KEYS,
  type FollowPageRow,
} from "../rows/federation.ts";
import { now } from "../rows/clock.ts";
import type { Statements } from "./statements.ts";

export function actorKeys(s: Statements, accountId: number | null): ActorKeysRecord | null {
  return actorKeysOf(
    accountId === null
      ? s.get<{ keys: string }>(SERVER_ACTOR_KEYS)
      : s.get<{ keys: string }>(ACTOR_KEYS, accountId),
  );
}

/** Keeps the first keys saved for an account and answers those: two racing makers agree. */
export function saveActorKeys(
  s: Statements,
  accountId: number | null,
  keys: ActorKeysRecord,
): ActorKeysRecord {
  if (accountId === null) s.run(SAVE_SERVER_ACTOR_KEYS, JSON.stringify(keys));
  else s.run(SAVE_ACTOR_KEYS, accountId, JSON.stringify(keys), now());
  return actorKeys(s, accountId)!;
}

/** A page of an account's followers (or followees), in the order they are stored, by account id. */
export function followPage(
  s: Statements,
  accountId: number,
  side: FollowSide,
  after: number | null,
  limit: number,
): FollowPage {
  const rows = s.all<FollowPageRow>(followPageSql(side), accountId, after ?? 0, limit + 1);
  return followPageOf(rows, limit);
}

export function instanceUsage(s: Statements): InstanceUsage {
  // The accounts' counters, not a count of the posts table: millions of rows to scan.
  return s.get<InstanceUsage>(INSTANCE_USAGE)!;
}
