import { NewPost } from "../../../../shared/schema/social.ts";
import { endpoint, json, readJson, requireAccount } from "../../../server/http/endpoint.ts";
import { newPostRecord } from "../../../server/posts/create.ts";
import { spendWrite } from "../../../server/http/write-limits.ts";
import { failureOf } from "../../../server/posts/outcomes.ts";
import { toPost } from "../../../server/serialize.ts";

export const prerender = false;

/**
 * POST /api/posts: creates a post with the client's id. 201 when created; a retry with the same
 * id and content answers 200 with the same post; the same id with other content is a 409.
 */
export const POST = endpoint(async (call) => {
  const accountId = await requireAccount(call);
  const post = await readJson(call.request, NewPost);
  spendWrite(call, accountId, "post");
  const outcome = await call.runtime.store.createPost(accountId, newPostRecord(post));
  if (outcome.status !== "created" && outcome.status !== "existing") throw failureOf(outcome)!;
  return json(
    { post: toPost(call.runtime.config.publicUrl, outcome.post) },
    outcome.status === "created" ? 201 : 200,
  );
});
