import { endpoint, json, requireAccount, type Call } from "../http/endpoint.ts";
import { found } from "../http/errors.ts";
import { perform } from "../operations.ts";
import { postsForReader } from "./pages.ts";

type Interaction = "like" | "unlike" | "repost" | "unrepost";

async function interact(call: Call, type: Interaction): Promise<Response> {
  const accountId = await requireAccount(call);
  const postId = call.context.params.id ?? "";
  await perform(call, accountId, { type, postId });
  const post = found(await call.runtime.store.postById(postId, accountId), `Post ${postId}`);
  const [shown] = await postsForReader(call, accountId, [post]);
  return json({ post: shown });
}

/** POST and DELETE of /api/posts/:id/like and /repost: idempotent, answer the fresh post. */
export const interactionRoutes = (kind: "like" | "repost") => ({
  POST: endpoint((call) => interact(call, kind)),
  DELETE: endpoint((call) => interact(call, `un${kind}`)),
});
