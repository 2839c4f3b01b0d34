import { NewPost } from "../../../../shared/schema/social.ts";
import { endpoint, json, readJson, requireAccount } from "../../../server/http/endpoint.ts";
import { found } from "../../../server/http/errors.ts";
import { perform } from "../../../server/operations.ts";
import { toPost } from "../../../server/serialize.ts";

export const prerender = false;

/**
 * POST /api/posts: creates a post with the client's id. 201 when created; a retry with the same
 * id and content answers 200 with the same post; the same id with other content is a 409.
 */
export const POST = endpoint(async (call) => {
  const accountId = await requireAccount(call);
  const post = await readJson(call.request, NewPost);
  const { status } = await perform(call, accountId, { type: "createPost", post });
  const stored = found(await call.runtime.store.postById(post.id), `Post ${post.id}`);
  return json({ post: toPost(call.runtime.config.publicUrl, stored) }, status === "created" ? 201 : 200);
});
