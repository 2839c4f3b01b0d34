/**
 * Who may reply to a post (issue 18): anyone, the people its author follows, or the people its
 * text mentions. Its author always may. The server enforces it on every reply it stores (from
 * here or from elsewhere); the site reads it to say so before anyone writes.
 */
import { tokenizePostText } from "./post-text.ts";

export const REPLY_POLICIES = ["everyone", "following", "mentioned"] as const;
export type ReplyPolicy = (typeof REPLY_POLICIES)[number];
/** A policy other than everyone's: what a post carries when it has one. */
export type LimitedReplies = Exclude<ReplyPolicy, "everyone">;

/** `{ replyPolicy }` when it limits replies, else nothing: to spread into a post or a draft. */
export function limitedReplies(policy: ReplyPolicy | undefined): { replyPolicy?: LimitedReplies } {
  return policy && policy !== "everyone" ? { replyPolicy: policy } : {};
}

/** Mentions a post may link, tag and let reply; more stay plain text (a post cannot notify a crowd). */
export const MAX_MENTIONS = 20;

/** The handles a text mentions (lower case), each once, as many as count (the first 20). */
export function mentionedHandles(text: string): string[] {
  const handles = new Set(tokenizePostText(text).flatMap((t) => (t.kind === "mention" ? [t.handle] : [])));
  return [...handles].slice(0, MAX_MENTIONS);
}

/**
 * Whether someone may reply to a post of this policy and text. `replier` is their handle as the
 * post's server writes it (a local handle, or `user@host` for someone elsewhere), `followed`
 * whether the post's author follows them, `isAuthor` whether they wrote it. `localHost`, the
 * post's server's host: a local handle mentioned in full (`@name@host`) is the same person. The
 * people a post mentions may answer a post for the people its author follows too (as GoToSocial
 * lets them): mentioning someone asks them in.
 */
export function mayReply(
  post: { policy: ReplyPolicy; text: string },
  replier: { handle: string; followed: boolean; isAuthor: boolean },
  localHost = "",
): boolean {
  if (replier.isAuthor || post.policy === "everyone") return true;
  if (post.policy === "following" && replier.followed) return true;
  const handle = replier.handle.toLowerCase();
  const full = localHost && !handle.includes("@") ? `${handle}@${localHost.toLowerCase()}` : null;
  return mentionedHandles(post.text).some((mention) => mention === handle || mention === full);
}
