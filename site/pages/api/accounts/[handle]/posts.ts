import { readRemoteProfile } from "../../../../server/federation/remote-outbox.ts";
import { endpoint, handleParam } from "../../../../server/http/endpoint.ts";
import { notFound } from "../../../../server/http/errors.ts";
import { pageRequest, postPage, readerOf } from "../../../../server/posts/pages.ts";

export const prerender = false;

/**
 * GET /api/accounts/:handle/posts?before=&limit=: the profile's posts, newest first. The first
 * page of someone elsewhere, read by someone signed in, first brings their recent posts from
 * their server (at most every 10 minutes).
 */
export const GET = endpoint(async (call) => {
  const handle = handleParam(call);
  const account = await call.runtime.store.accountByHandle(handle);
  if (!account) throw notFound(`@${handle}`);
  const page = pageRequest(call.context.url);
  const reader = await readerOf(call);
  if (account.remote && reader !== null && page.before === null)
    await readRemoteProfile(call, reader, account);
  return postPage(call, reader, await call.runtime.store.profilePosts(account.id, page, reader), page);
});
