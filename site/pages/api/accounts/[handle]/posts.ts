import { endpoint } from "../../../../server/http/endpoint.ts";
import { notFound } from "../../../../server/http/errors.ts";
import { pageRequest, postPage } from "../../../../server/posts/pages.ts";

export const prerender = false;

/** GET /api/accounts/:handle/posts?before=&limit=: the profile's posts, newest first. */
export const GET = endpoint(async (call) => {
  const handle = call.context.params.handle ?? "";
  const account = await call.runtime.store.accountByHandle(handle);
  if (!account) throw notFound(`@${handle}`);
  const page = pageRequest(call.context.url);
  return postPage(call, await call.runtime.store.profilePosts(account.id, page), page);
});
