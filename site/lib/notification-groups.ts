import type { Notification } from "../../shared/graph.ts";

/** Kinds that many people do to one thing, said once: "@léa and 3 others liked your post". */
const GROUPED: ReadonlySet<Notification["kind"]> = new Set(["like", "repost", "follow"]);

export interface NotificationGroup {
  /** The newest notification of the group: its kind, post, time and id. */
  newest: Notification;
  /** Who did it, newest first, each once. */
  actors: string[];
  /** False while any of them is unread. */
  read: boolean;
}

/**
 * Groups a page of notifications (newest first): likes, reposts and follows of the same post (or
 * of the reader) become one entry where the newest of them was; replies, quotes and mentions
 * each carry their own words and stay apart.
 */
export function groupNotifications(items: readonly Notification[]): NotificationGroup[] {
  const groups: NotificationGroup[] = [];
  const byKey = new Map<string, NotificationGroup>();
  for (const item of items) {
    const key = GROUPED.has(item.kind) ? `${item.kind} ${item.postId ?? ""}` : null;
    const group = key === null ? undefined : byKey.get(key);
    if (group) {
      if (!group.actors.includes(item.actor)) group.actors.push(item.actor);
      group.read &&= item.read;
      continue;
    }
    const created: NotificationGroup = { newest: item, actors: [item.actor], read: item.read };
    groups.push(created);
    if (key !== null) byKey.set(key, created);
  }
  return groups;
}

/** The first line of a post, cut to `max` characters, for a notification about it. */
export function firstLine(text: string, max = 100): string {
  const line = text.split("\n", 1)[0]!.trim();
  return line.length > max ? `${line.slice(0, max).trimEnd()}…` : line;
}
