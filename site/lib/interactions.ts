import type { PostRow } from "../../shared/db/schema.ts";
import type { SyncOp } from "../../shared/sync.ts";

export type Interaction = "like" | "repost";

/** Where each interaction is kept on a post, and the operations that turn it on and off. */
export const INTERACTIONS = {
  like: { flag: "liked", count: "likeCount", on: "like", off: "unlike" },
  repost: { flag: "reposted", count: "repostCount", on: "repost", off: "unrepost" },
} as const;

/**
 * The change that sets an interaction on a post (`active`) or clears it, with its count moved by
 * one; nothing when the post already shows it so.
 */
export function interactionChange(
  post: PostRow,
  kind: Interaction,
  active: boolean,
): Partial<PostRow> | null {
  const { flag, count } = INTERACTIONS[kind];
  if ((post[flag] ?? false) === active) return null;
  const change: Partial<PostRow> = {};
  change[flag] = active;
  change[count] = Math.max(0, post[count] + (active ? 1 : -1));
  return change;
}

/** The interaction an operation sets or clears, if it is one. */
export function interactionOf(op: SyncOp): { kind: Interaction; active: boolean; postId: string } | null {
  for (const kind of ["like", "repost"] as const) {
    const { on, off } = INTERACTIONS[kind];
    if (op.type === on || op.type === off) return { kind, active: op.type === on, postId: op.postId };
  }
  return null;
}
