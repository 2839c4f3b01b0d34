import { ApiFailure } from "../../../shared/api-failure.ts";
import { endpoint, json, requireAccount } from "../../server/http/endpoint.ts";
import { notFound } from "../../server/http/errors.ts";
import { find } from "../../server/federation/lookup.ts";
import { postsForReader } from "../../server/posts/pages.ts";
import { toAccount } from "../../server/serialize.ts";

export const prerender = false;

/**
 * GET /api/lookup?q=: the account or post a query names (`@user@host`, a profile or post URL of
 * any server, a handle here), fetched from its server when unknown. Answers `{ account }` or
 * `{ post }`; 404 when nothing is found, or nothing the reader may see (blocked).
 */
export const GET = endpoint(async (call) => {
  const reader = await requireAccount(call);
  const q = call.context.url.searchParams.get("q");
  if (q === null)
    throw new ApiFailure(400, "missing_query", "Say what to look up: ?q=@user@host or a URL", "q");
  const found = await find(call, reader, q);
  const { store, config } = call.runtime;
  if ("account" in found) {
    // Someone who blocked the reader is not found, as their profile is not.
    if ((await store.relationsBetween(reader, found.account.id)).blockedBy) throw notFound(q);
    return json({ account: toAccount(config.publicUrl, found.account) });
  }
  const post = await store.postById(found.postId, reader);
  if (!post || post.deleted) throw notFound(q);
  const [shown] = await postsForReader(call, reader, [post]);
  return json({ post: shown });
});
