import { endpoint, requireAccount } from "../../../server/http/endpoint.ts";
import { notFound } from "../../../server/http/errors.ts";
import { pageAnswer, pageRequest, postsForReader, readerOf } from "../../../server/posts/pages.ts";
import { perform } from "../../../server/operations.ts";
import { ancestors } from "../../../server/posts/threads.ts";
import { editPostRoute } from "../../../server/posts/edits.ts";

export const prerender = false;

/**
 * GET /api/posts/:id?before=: the post (its stable URL) with its replies, newest first; on the
 * first page also the posts it answers, up to the thread's start (threads.ts).
 */
export const GET = endpoint(async (call) => {
  const id = call.context.params.id ?? "";
  const reader = await readerOf(call);
  const post = await call.runtime.store.postById(id, reader);
  if (!post || post.deleted) throw notFound(`Post ${id}`);
  const page = pageRequest(call.context.url);
  const [records, above] = await Promise.all([
    call.runtime.store.replies(id, page, reader),
    page.before === null ? ancestors(call.runtime.store, post, reader) : [],
  ]);
  // The post, what it answers and its replies with one look-up of the reader's likes and reposts.
  const [shown, ...rest] = await postsForReader(call, reader, [post, ...above, ...records]);
  const lead = { post: shown!, ...(page.before === null ? { ancestors: rest.slice(0, above.length) } : {}) };
  return pageAnswer("replies", rest.slice(above.length), records, page, lead);
});

/** DELETE /api/posts/:id: the author deletes it; a tombstone stays so every client hears of it. */
export const DELETE = endpoint(async (call) => {
  const accountId = await requireAccount(call);
  await perform(call, accountId, { type: "deletePost", postId: call.context.params.id ?? "" });
  return new Response(null, { status: 204 });
});

/** PATCH /api/posts/:id { text }: the author edits the text, within a while of posting (posts/edits.ts). */
export const PATCH = editPostRoute;
