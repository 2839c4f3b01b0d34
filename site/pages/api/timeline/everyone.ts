import { endpoint } from "../../../server/http/endpoint.ts";
import { pageRequest, postPage, readerOf } from "../../../server/posts/pages.ts";

export const prerender = false;

/** GET /api/timeline/everyone?before=&limit=: every public post, newest first. */
export const GET = endpoint(async (call) => {
  const page = pageRequest(call.context.url);
  const reader = await readerOf(call);
  return postPage(call, reader, await call.runtime.store.everyoneTimeline(page, reader), page);
});
