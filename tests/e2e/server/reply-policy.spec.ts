import { newId } from "../../../shared/ids.ts";
import type { Post } from "../../../shared/schema/social.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS } from "./client.ts";

const server = useServer({ env: RELAXED_LIMITS });

test("a post's reply policy is kept, shown, and refuses the replies it does not allow, by REST and by sync", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const ana = await api.signUp("rpana");
  const ben = await api.signUp("rpben");
  const cyd = await api.signUp("rpcyd");
  expect((await api.follow(ana, "rpben")).status()).toBe(200);

  const following = await api.createPost(ana, "only people I follow", { replyPolicy: "following" });
  const mentioned = await api.createPost(ana, "a question for @rpcyd only", { replyPolicy: "mentioned" });
  const open = await api.createPost(ana, "anyone may answer", { replyPolicy: "everyone" });
  expect(following.replyPolicy).toBe("following");
  expect(mentioned.replyPolicy).toBe("mentioned");
  // Everyone's is the default and is not written out.
  expect(open).not.toHaveProperty("replyPolicy");
  const read = (await (await api.call("GET", cyd, `/api/posts/${mentioned.id}`)).json()) as { post: Post };
  expect(read.post.replyPolicy).toBe("mentioned");

  const reply = (replyTo: string) => ({ replyTo });
  // Followed by the author: may answer "following", not "mentioned".
  await api.createPost(ben, "I am followed", reply(following.id));
  const refused = await api.post(ben, "not mentioned", reply(mentioned.id));
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toMatchObject({ error: { code: "reply_limited", field: "replyTo" } });
  // Mentioned: may answer "mentioned", not "following".
  await api.createPost(cyd, "I was asked", reply(mentioned.id));
  expect((await api.post(cyd, "not followed", reply(following.id))).status()).toBe(403);
  // The author always may; anyone may answer "everyone".
  await api.createPost(ana, "my own thread", reply(mentioned.id));
  await api.createPost(cyd, "open to all", reply(open.id));

  // By sync: the same refusal, and the replies counted are only those stored.
  const synced = await api.sync(cyd, {
    ops: [
      {
        opId: newId(),
        type: "createPost",
        post: { id: newId(), text: "by sync", media: [], replyTo: following.id, quoteOf: null },
      },
    ],
  });
  expect(synced.results[0]).toMatchObject({ ok: false, error: { code: "reply_limited" } });
  const counts = async (id: string) =>
    ((await (await api.call("GET", null, `/api/posts/${id}`)).json()) as { post: Post }).post.replyCount;
  expect(await counts(following.id)).toBe(1);
  expect(await counts(mentioned.id)).toBe(2);

  // Once the author follows them, they may answer.
  expect((await api.follow(ana, "rpcyd")).status()).toBe(200);
  await api.createPost(cyd, "now followed", reply(following.id));

  // An unknown policy is refused as bad input, nothing stored.
  const bad = await api.post(ana, "who knows", { replyPolicy: "friends" });
  expect(bad.status()).toBe(422);
  expect(await bad.json()).toMatchObject({ error: { field: "replyPolicy" } });
});
