import type { NotificationPage } from "../records.ts";
import {
  NO_CURSOR,
  notificationPage,
  SHOWN,
  UNREAD_COUNT,
  type NotificationRow,
} from "../rows/notifications.ts";
import type { Queries } from "./db.ts";

/**
 * Notifications, as on SQLite (see sqlite/notifications.ts). The cursors are compared as bigint:
 * ids are `integer` here, and PostgreSQL would otherwise take the parameter for one and refuse
 * the "no cursor" value (2^53 - 1) or a client's cursor beyond 2^31 as out of range.
 */

/** Newest first, before the id `before` (a keyset cursor), with the unread count. */
export async function notifications(
  q: Queries,
  accountId: number,
  before: number | null,
  limit: number,
): Promise<NotificationPage> {
  const rows = await q.all<NotificationRow>(
    `SELECT n.id, n.kind, a.handle AS actor, n.post_id, n.created_at, n.read
     FROM notifications n JOIN accounts a ON a.id = n.actor_id
     WHERE n.account_id = ? AND ${SHOWN} AND n.id < ?::bigint ORDER BY n.id DESC LIMIT ?`,
    accountId,
    before ?? NO_CURSOR,
    limit,
  );
  return notificationPage(rows, await unreadCount(q, accountId));
}

export async function unreadCount(q: Queries, accountId: number): Promise<number> {
  return (await q.get<{ n: number }>(UNREAD_COUNT, accountId))!.n;
}

/** Marks read every notification up to and including `upTo` (all of them when null). */
export async function markRead(q: Queries, accountId: number, upTo: number | null): Promise<number> {
  await q.run(
    "UPDATE notifications SET read = 1 WHERE account_id = ? AND read = 0 AND id <= ?::bigint",
    accountId,
    upTo ?? NO_CURSOR,
  );
  return unreadCount(q, accountId);
}
