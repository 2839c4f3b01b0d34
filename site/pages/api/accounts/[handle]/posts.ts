import { readRemoteProfile } from "../../../../server/federation/remote-outbox.ts";
import { seenAccount } from "../../../../server/graph/relations.ts";
import { endpoint } from "../../../../server/http/endpoint.ts";
import { pageRequest, postPage } from "../../../../server/posts/pages.ts";

export const prerender = false;

/**
 * GET /api/accounts/:handle/posts?before=&limit=: the profile's posts, newest first. The first
 * page of someone elsewhere, read by someone signed in, first brings their recent posts from
 * their server (at most every 10 minutes).
 */
export const GET = endpoint(async (call) => {
  const { account, reader, relations } = await seenAccount(call);
  const page = pageRequest(call.context.url);
  if (account.remote && reader !== null && page.before === null && !relations?.blocking)
    await readRemoteProfile(call, reader, account);
  return postPage(call, reader, await call.runtime.store.profilePosts(account.id, page, reader), page);
});
