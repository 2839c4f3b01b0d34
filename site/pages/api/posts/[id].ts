import { endpoint, json, requireAccount } from "../../../server/http/endpoint.ts";
import { notFound } from "../../../server/http/errors.ts";
import { pageRequest, postPage, postsForReader } from "../../../server/posts/pages.ts";
import { orThrow } from "../../../server/posts/outcomes.ts";

export const prerender = false;

/** GET /api/posts/:id?before=: the post (its stable URL) with its replies, newest first. */
export const GET = endpoint(async (call) => {
  const id = call.context.params.id ?? "";
  const post = await call.runtime.store.postById(id);
  if (!post || post.deleted) throw notFound(`Post ${id}`);
  const page = pageRequest(call.context.url);
  const replies = await postPage(call, await call.runtime.store.replies(id, page), page);
  const [shown] = await postsForReader(call, [post]);
  return json({ post: shown, replies: replies.posts, next: replies.next });
});

/** DELETE /api/posts/:id: the author deletes it; a tombstone stays so every client hears of it. */
export const DELETE = endpoint(async (call) => {
  const accountId = await requireAccount(call);
  const id = call.context.params.id ?? "";
  const result = await call.runtime.store.deletePost(accountId, id);
  if (result !== "deleted") orThrow({ status: result, id: `Post ${id}` });
  return new Response(null, { status: 204 });
});
