import { NewPost } from "../../../../shared/schema/social.ts";
import { endpoint, json, readJson, requireAccount } from "../../../server/http/endpoint.ts";
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
  const outcome = await perform(call, accountId, { type: "createPost", post });
  // Without a sync op id a new post is always created or found again, and comes with its record.
  if (!("post" in outcome)) throw new Error(`creating a post answered ${outcome.status}`);
  return json(
    { post: toPost(call.runtime.config.publicUrl, outcome.post) },
    outcome.status === "created" ? 201 : 200,
  );
});
