import { mayReply, type LimitedReplies } from "../../../shared/reply-policy.ts";
import type { PostRow } from "../../../shared/db/schema.ts";
import { t } from "../../i18n/index.ts";

/** Who may reply to a post of `author` that limits replies, as said under it and in a reply's composer. */
export function replyRule(policy: LimitedReplies, author: string): string {
  return t(policy === "following" ? "post.repliesFollowing" : "post.repliesMentioned", { handle: author });
}

/**
 * Whether the signed-in person may answer a post, as far as the device knows: whom it mentions
 * is in its text, whom its author follows is the server's to know (so a post for them is never
 * refused here).
 */
export function mayAnswer(
  post: Pick<PostRow, "replyPolicy" | "text" | "author">,
  me: { handle: string; serverUrl: string },
): boolean {
  return (
    post.replyPolicy !== "mentioned" ||
    mayReply(
      { policy: "mentioned", text: post.text },
      { handle: me.handle, followed: false, isAuthor: post.author === me.handle },
      new URL(me.serverUrl).host,
    )
  );
}
