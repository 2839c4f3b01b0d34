import type { RemoteMediaOf, RemotePostRecord, Visibility } from "../records.ts";
import {
  BY_OBJECT_URI,
  OBJECT_URI_OF_POST,
  REMOTE_MEDIA,
  mentionedToNotify,
  remoteMediaOf,
  remotePostFields,
  staleEdit,
  type ObjectRow,
} from "../rows/remote-posts.ts";
import type { OpOutcome } from "../store.ts";
import { logChange } from "./changes-log.ts";
import { deletePost, insertPost, postAuthor, postById } from "./posts.ts";
import {
  REPLY_RULE,
  replyAllowed,
  SET_REPLY_POLICY,
  type CreateOutcome,
  type ReplyRuleRow,
} from "../rows/posts.ts";
import { indexPost } from "./search.ts";
import { now } from "../rows/clock.ts";
import { BLOCKED_EITHER_WAY } from "../rows/relations.ts";
import type { Statements } from "./statements.ts";

/**
 * Posts from other servers as stored here: one row per ActivityPub object (`object_uri`), created,
 * edited and deleted only by their author's account.
 */

export function postIdByObjectUri(s: Statements, objectUri: string): string | null {
  return byObjectUri(s, objectUri)?.id ?? null;
}

export function objectUriOfPost(s: Statements, postId: string): string | null {
  return s.get<{ object_uri: string | null }>(OBJECT_URI_OF_POST, postId)?.object_uri ?? null;
}

/** A file of a stored (not deleted) remote post, by its media id: where it is, who may see it. */
export function remoteMedia(s: Statements, postId: string, mediaId: string): RemoteMediaOf | null {
  return remoteMediaOf(s.get<{ media: string; visibility: Visibility }>(REMOTE_MEDIA, postId), mediaId);
}

/** A stored remote post by its ActivityPub id: its local id, author, whether deleted, last edit. */
function byObjectUri(s: Statements, objectUri: string) {
  return s.get<ObjectRow>(BY_OBJECT_URI, objectUri);
}

/**
 * A post from another server, stored once per object id (the same object again is "existing"; one
 * claimed by another author is refused). What it replies to or quotes is kept only while that post
 * is there; the local accounts it mentions are notified (but not the one it replies to or quotes:
 * they are notified of the reply or quote), and of a followers-only post only those who may read it.
 * Nobody is notified of a `quiet` one.
 */
export function receivePost(s: Statements, authorId: number, post: RemotePostRecord): CreateOutcome {
  const known = byObjectUri(s, post.objectUri);
  if (known) {
    return known.author_id === authorId
      ? { status: "existing", post: postById(s, known.id)! }
      : { status: "forbidden" };
  }
  const live = (id: string | null) => {
    const found = id ? postAuthor(s, id) : null;
    return found && !found.deleted ? found : null;
  };
  const parent = live(post.replyTo);
  const quoted = live(post.quoteOf);
  // Nobody answers or quotes someone who blocked them, or whom they blocked.
  const apart = (other: { authorId: number } | null) =>
    other !== null &&
    s.get(BLOCKED_EITHER_WAY, authorId, other.authorId, authorId, other.authorId) !== undefined;
  if (apart(parent)) return { status: "not_found", field: "replyTo", id: post.replyTo! };
  if (apart(quoted)) return { status: "not_found", field: "quoteOf", id: post.quoteOf! };
  if (parent && !replyAllowed(s.get<ReplyRuleRow>(REPLY_RULE, post.replyTo!, authorId), "", true))
    return { status: "reply_limited" };
  const createdAt = post.createdAt;
  const record = insertPost(s, authorId, {
    ...post,
    ...remotePostFields(post, parent !== null, quoted !== null),
  })!;
  const mentioned = mentionedToNotify(authorId, post, parent?.authorId, quoted?.authorId);
  s.run(
    `INSERT INTO notifications (account_id, kind, actor_id, post_id, created_at)
     SELECT a.id, 'mention', ?, ?, ? FROM accounts a
     WHERE a.id IN (SELECT value FROM json_each(?)) AND a.actor_uri IS NULL`,
    authorId,
    record.id,
    createdAt,
    JSON.stringify(mentioned),
  );
  if (post.quiet) {
    // An old post read from its author's outbox: its reply or quote was news long ago.
    s.run("DELETE FROM notifications WHERE post_id = ?", record.id);
  } else if (post.visibility === "followers") {
    // Nobody is told of a post they may not read (a reply or quote notification included).
    s.run(
      `DELETE FROM notifications WHERE post_id = ? AND account_id NOT IN
         (SELECT follower_id FROM follows WHERE followee_id = ?)`,
      record.id,
      authorId,
    );
  }
  return { status: "created", post: record };
}

/**
 * An edit of a post from another server, by its author: text, attachments and warning replaced,
 * marked edited at the object's `updated` time. An edit older than the one stored (arriving out of
 * order), or one that changes nothing shown (Mastodon updates a poll at each vote), is ignored.
 */
export function editRemotePost(s: Statements, authorId: number, post: RemotePostRecord): OpOutcome {
  const row = byObjectUri(s, post.objectUri);
  if (!row) return { status: "not_found", field: "postId", id: post.objectUri };
  if (row.author_id !== authorId) return { status: "forbidden" };
  const editedAt = post.editedAt ?? now();
  if (staleEdit(row, editedAt)) return { status: "done" };
  // Who may reply changes without the post reading "edited".
  const ruled = s.run(SET_REPLY_POLICY, post.replyPolicy, row.id, post.replyPolicy).changes;
  const changed = s.run(
    `UPDATE posts SET text = ?, links = ?, media = ?, content_warning = ?, sensitive = ?, edited_at = ?
     WHERE id = ? AND (text, links, media, coalesce(content_warning, ''), sensitive) IS NOT (?, ?, ?, ?, ?)`,
    post.text,
    JSON.stringify(post.links),
    JSON.stringify(post.media),
    post.contentWarning,
    post.sensitive ? 1 : 0,
    editedAt,
    row.id,
    post.text,
    JSON.stringify(post.links),
    JSON.stringify(post.media),
    post.contentWarning ?? "",
    post.sensitive ? 1 : 0,
  ).changes;
  if (changed === 0) {
    if (ruled > 0)
      logChange(s, { kind: "post", accountId: authorId, postId: row.id, postAuthorId: authorId });
    return { status: "done" };
  }
  indexPost(s, row.seq, post.text, post.contentWarning, true);
  logChange(s, { kind: "post", accountId: authorId, postId: row.id, postAuthorId: authorId });
  return { status: "done" };
}

/** A deletion of a post from another server, by its author; one never stored here is done. */
export function deleteRemotePost(s: Statements, authorId: number, objectUri: string, freed: string[]) {
  const id = postIdByObjectUri(s, objectUri);
  return id ? deletePost(s, authorId, id, freed) : ({ status: "done" } as const);
}
