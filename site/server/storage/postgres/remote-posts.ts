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
import { now } from "../rows/clock.ts";
import { BLOCKED_EITHER_WAY } from "../rows/relations.ts";
import type { OpOutcome } from "../store.ts";
import { logChange } from "./changes-log.ts";
import type { Queries } from "./db.ts";
import { deletePost, insertPost, postAuthor, postById } from "./posts.ts";
import {
  REPLY_RULE,
  replyAllowed,
  SET_REPLY_POLICY,
  type CreateOutcome,
  type ReplyRuleRow,
} from "../rows/posts.ts";
import { indexPost } from "./search.ts";

/**
 * Posts from other servers as stored here: one row per ActivityPub object (`object_uri`), created,
 * edited and deleted only by their author's account.
 */

export async function postIdByObjectUri(q: Queries, objectUri: string): Promise<string | null> {
  return (await byObjectUri(q, objectUri))?.id ?? null;
}

export async function objectUriOfPost(q: Queries, postId: string): Promise<string | null> {
  return (await q.get<{ object_uri: string | null }>(OBJECT_URI_OF_POST, postId))?.object_uri ?? null;
}

/** A file of a stored (not deleted) remote post, by its media id: where it is, who may see it. */
export async function remoteMedia(
  q: Queries,
  postId: string,
  mediaId: string,
): Promise<RemoteMediaOf | null> {
  return remoteMediaOf(await q.get<{ media: string; visibility: Visibility }>(REMOTE_MEDIA, postId), mediaId);
}

function byObjectUri(q: Queries, objectUri: string): Promise<ObjectRow | undefined> {
  return q.get<ObjectRow>(BY_OBJECT_URI, objectUri);
}

/**
 * As on SQLite, see sqlite/remote-posts.ts. The mentioned are notified in account order (as
 * SQLite's scan of `accounts` gives them).
 */
export async function receivePost(
  q: Queries,
  authorId: number,
  post: RemotePostRecord,
): Promise<CreateOutcome> {
  const known = await byObjectUri(q, post.objectUri);
  if (known) {
    return known.author_id === authorId
      ? { status: "existing", post: (await postById(q, known.id))! }
      : { status: "forbidden" };
  }
  const live = async (id: string | null) => {
    const found = id ? await postAuthor(q, id) : null;
    return found && !found.deleted ? found : null;
  };
  const parent = await live(post.replyTo);
  const quoted = await live(post.quoteOf);
  // As on SQLite: nobody answers or quotes someone who blocked them, or whom they blocked.
  const apart = async (other: { authorId: number } | null) =>
    other !== null &&
    (await q.get(BLOCKED_EITHER_WAY, authorId, other.authorId, authorId, other.authorId)) !== undefined;
  if (await apart(parent)) return { status: "not_found", field: "replyTo", id: post.replyTo! };
  if (await apart(quoted)) return { status: "not_found", field: "quoteOf", id: post.quoteOf! };
  if (parent && !replyAllowed(await q.get<ReplyRuleRow>(REPLY_RULE, post.replyTo!, authorId), "", true))
    return { status: "reply_limited" };
  const record = (await insertPost(q, authorId, {
    ...post,
    ...remotePostFields(post, parent !== null, quoted !== null),
  }))!;
  const mentioned = mentionedToNotify(authorId, post, parent?.authorId, quoted?.authorId);
  if (mentioned.length > 0) {
    await q.run(
      `INSERT INTO notifications (account_id, kind, actor_id, post_id, created_at)
       SELECT a.id, 'mention', ?::int, ?::text, ?::text FROM accounts a
       WHERE a.id = ANY(?::int[]) AND a.actor_uri IS NULL ORDER BY a.id`,
      authorId,
      record.id,
      post.createdAt,
      mentioned,
    );
  }
  if (post.quiet) {
    // An old post read from its author's outbox: its reply or quote was news long ago.
    await q.run("DELETE FROM notifications WHERE post_id = ?", record.id);
  } else if (post.visibility === "followers") {
    // Nobody is told of a post they may not read (a reply or quote notification included).
    await q.run(
      `DELETE FROM notifications WHERE post_id = ? AND account_id NOT IN
         (SELECT follower_id FROM follows WHERE followee_id = ?)`,
      record.id,
      authorId,
    );
  }
  return { status: "created", post: record };
}

/**
 * As on SQLite, see sqlite/remote-posts.ts (`IS DISTINCT FROM` is PostgreSQL's `IS NOT`).
 */
export async function editRemotePost(
  q: Queries,
  authorId: number,
  post: RemotePostRecord,
): Promise<OpOutcome> {
  const row = await byObjectUri(q, post.objectUri);
  if (!row) return { status: "not_found", field: "postId", id: post.objectUri };
  if (row.author_id !== authorId) return { status: "forbidden" };
  const editedAt = post.editedAt ?? now();
  if (staleEdit(row, editedAt)) return { status: "done" };
  // As on SQLite: who may reply changes without the post reading "edited".
  const ruled = (await q.run(SET_REPLY_POLICY, post.replyPolicy, row.id, post.replyPolicy)).changes;
  const changed = (
    await q.run(
      `UPDATE posts SET text = ?, links = ?, media = ?, content_warning = ?, sensitive = ?, edited_at = ?
       WHERE id = ? AND (text, links, media, coalesce(content_warning, ''), sensitive)
         IS DISTINCT FROM (?::text, ?::text, ?::text, ?::text, ?::int)`,
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
    )
  ).changes;
  if (changed === 0) {
    if (ruled > 0)
      await logChange(q, { kind: "post", accountId: authorId, postId: row.id, postAuthorId: authorId });
    return { status: "done" };
  }
  await indexPost(q, row.seq, post.text, post.contentWarning, true);
  await logChange(q, { kind: "post", accountId: authorId, postId: row.id, postAuthorId: authorId });
  return { status: "done" };
}

/** A deletion of a post from another server, by its author; one never stored here is done. */
export async function deleteRemotePost(
  q: Queries,
  authorId: number,
  objectUri: string,
  freed: string[],
): Promise<OpOutcome> {
  const id = await postIdByObjectUri(q, objectUri);
  return id ? deletePost(q, authorId, id, freed) : { status: "done" };
}
