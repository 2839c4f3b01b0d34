import { newId } from "../../../shared/ids.ts";
import type { SyncOp } from "../../../shared/sync.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS } from "./client.ts";

const server = useServer({ env: { ...RELAXED_LIMITS, P92_LIMIT_POSTS_PER_ACCOUNT: "2/600" } });

test("a batch retried after a lost answer is ok again without spending the posting allowance twice", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const ana = await api.signUp("ana");
  const ops: SyncOp[] = ["one", "two"].map((text) => ({
    opId: newId(),
    type: "createPost",
    post: { id: newId(), text, media: [], replyTo: null, quoteOf: null },
  }));
  const first = await api.sync(ana, { ops, cursor: null });
  expect(first.results.map((r) => r.ok)).toEqual([true, true]);
  // The answer was lost on the way: the client sends the same batch again.
  const again = await api.sync(ana, { ops, cursor: null });
  expect(again.results.map((r) => r.ok)).toEqual([true, true]);
  // The allowance of two is spent by the two posts, not by the retry.
  const third = await api.post(ana, "three");
  expect(third.status()).toBe(429);
});
