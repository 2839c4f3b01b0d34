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
import type { Queries } from "./db.ts";

/** What federation reads and keeps, as on SQLite (see sqlite/federation.ts). */

export async function actorKeys(q: Queries, accountId: number | null): Promise<ActorKeysRecord | null> {
  return actorKeysOf(
    await (accountId === null
      ? q.get<{ keys: string }>(SERVER_ACTOR_KEYS)
      : q.get<{ keys: string }>(ACTOR_KEYS, accountId)),
  );
}

/** Keeps the first keys saved for an account and answers those: two racing makers agree. */
export async function saveActorKeys(
  q: Queries,
  accountId: number | null,
  keys: ActorKeysRecord,
): Promise<ActorKeysRecord> {
  if (accountId === null) await q.run(SAVE_SERVER_ACTOR_KEYS, JSON.stringify(keys));
  else await q.run(SAVE_ACTOR_KEYS, accountId, JSON.stringify(keys), now());
  return (await actorKeys(q, accountId))!;
}

/**
 * A page of an account's followers (or followees), by account id, as on SQLite. The cursor is
 * compared as bigint: a cursor beyond an `integer` (from a client) finds nothing rather than failing.
 */
export async function followPage(
  q: Queries,
  accountId: number,
  side: FollowSide,
  after: number | null,
  limit: number,
): Promise<FollowPage> {
  const rows = await q.all<FollowPageRow>(followPageSql(side, "?::bigint"), accountId, after ?? 0, limit + 1);
  return followPageOf(rows, limit);
}

/** As on SQLite: the accounts' counters (`sum` of an integer is a bigint, read as a number). */
export async function instanceUsage(q: Queries): Promise<InstanceUsage> {
  return (await q.get<InstanceUsage>(INSTANCE_USAGE))!;
}
