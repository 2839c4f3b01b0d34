import { endpoint, json, requireAccount, type Call } from "../http/endpoint.ts";
import { notFound } from "../http/errors.ts";
import { spendWrite } from "../http/write-limits.ts";
import { postsForReader } from "./pages.ts";

async function setInteraction(call: Call, kind: "like" | "repost", active: boolean): Promise<Response> {
  const accountId = await requireAccount(call);
  spendWrite(call, accountId, "action");
  const id = call.context.params.id ?? "";
  const store = call.runtime.store;
  const post = await (kind === "like"
    ? store.setLike(accountId, id, active)
    : store.setRepost(accountId, id, active));
  if (!post) throw notFound(`Post ${id}`);
  const [shown] = await postsForReader(call, [post]);
  return json({ post: shown });
}

/** POST and DELETE of /api/posts/:id/like and /repost: idempotent, answer the fresh post. */
export const interactionRoutes = (kind: "like" | "repost") => ({
  POST: endpoint((call) => setInteraction(call, kind, true)),
  DELETE: endpoint((call) => setInteraction(call, kind, false)),
});
