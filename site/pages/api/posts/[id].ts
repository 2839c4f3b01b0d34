import { endpoint, requireAccount } from "../../../server/http/endpoint.ts";
import { notFound } from "../../../server/http/errors.ts";
import { pageAnswer, pageRequest, postsForReader, readerOf } from "../../../server/posts/pages.ts";
import { perform } from "../../../server/operations.ts";

export const prerender = false;

/** GET /api/posts/:id?before=: the post (its stable URL) with its replies, newest first. */
export const GET = endpoint(async (call) => {
  const id = call.context.params.id ?? "";
  const reader = await readerOf(call);
  const post = await call.runtime.store.postById(id, reader);
  if (!post || post.deleted) throw notFound(`Post ${id}`);
  const page = pageRequest(call.context.url);
  const records = await call.runtime.store.replies(id, page, reader);
  // The post and its replies with one look-up of the reader's likes and reposts.
  const [shown, ...replies] = await postsForReader(call, reader, [post, ...records]);
  return pageAnswer("replies", replies, records, page, shown);
});

/** DELETE /api/posts/:id: the author deletes it; a tombstone stays so every client hears of it. */
export const DELETE = endpoint(async (call) => {
  const accountId = await requireAccount(call);
  await perform(call, accountId, { type: "deletePost", postId: call.context.params.id ?? "" });
  return new Response(null, { status: 204 });
});
