import * as v from "valibot";
import { PostText } from "../../../shared/schema/social.ts";
import { endpoint, json, readJson, requireAccount } from "../http/endpoint.ts";
import { found, notFound } from "../http/errors.ts";
import { perform } from "../operations.ts";
import { postsForReader } from "./pages.ts";

const PostTextEdit = v.object({ text: PostText });

/**
 * PATCH /api/posts/:id { text }: its author replaces the text, within the edit window of the
 * server's configuration (15 minutes by default); answers the post, marked `editedAt`.
 */
export const editPostRoute = endpoint(async (call) => {
  const accountId = await requireAccount(call);
  const postId = call.context.params.id ?? "";
  const { text } = await readJson(call.request, PostTextEdit);
  await perform(call, accountId, { type: "editPost", postId, text });
  const post = found(await call.runtime.store.postById(postId, accountId), `Post ${postId}`);
  const [shown] = await postsForReader(call, accountId, [post]);
  return json({ post: shown });
});

/**
 * GET /api/posts/:id/edits: the texts the post had before its edits, newest first, for its author
 * only (anyone else is answered as if there were no such post).
 */
export const earlierTextsRoute = endpoint(async (call) => {
  const accountId = await requireAccount(call);
  const postId = call.context.params.id ?? "";
  const { store } = call.runtime;
  const post = await store.postById(postId, accountId);
  if (!post || post.deleted || (await store.postAuthorId(postId)) !== accountId)
    throw notFound(`Post ${postId}`);
  return json({ edits: await store.earlierTexts(postId) });
});
