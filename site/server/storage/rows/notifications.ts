import { shownTo } from "./relations.ts";
import type { NotificationKind, NotificationPage } from "../records.ts";

export interface NotificationRow {
  id: number;
  kind: NotificationKind;
  actor: string;
  post_id: string | null;
  created_at: string;
  read: number;
}

/** The cursor when none is given: before every id. */
export const NO_CURSOR = Number.MAX_SAFE_INTEGER;

/**
 * Notification `n` is shown: none from someone the account blocked, muted or is blocked by (kept,
 * so they come back if that ends).
 */
export const SHOWN = shownTo("n.account_id", "n.actor_id");

export const UNREAD_COUNT = `SELECT count(*) AS n FROM notifications n WHERE n.account_id = ? AND n.read = 0 AND ${SHOWN}`;

/** The page of notifications from the rows read and the unread count. */
export function notificationPage(rows: NotificationRow[], unread: number): NotificationPage {
  return {
    notifications: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      actor: row.actor,
      postId: row.post_id,
      createdAt: row.created_at,
      read: row.read === 1,
    })),
    unread,
  };
}
