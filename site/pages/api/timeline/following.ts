import { endpoint, requireAccount } from "../../../server/http/endpoint.ts";
import { pageRequest, postPage } from "../../../server/posts/pages.ts";

export const prerender = false;

/** GET /api/timeline/following?before=&limit=: posts of followed accounts and one's own. */
export const GET = endpoint(async (call) => {
  const accountId = await requireAccount(call);
  const page = pageRequest(call.context.url);
  return postPage(call, accountId, await call.runtime.store.followingTimeline(accountId, page), page);
});
