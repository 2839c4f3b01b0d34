import { describe, expect, it } from "vitest";
import { newId } from "../../../../shared/ids.ts";
import type { ReplyPolicy } from "../../../../shared/reply-policy.ts";
import { perform } from "../../../../site/server/operations.ts";
import { newAccount } from "../accounts.ts";
import { AS_CONTEXT, ORIGIN, PUBLIC, inboxHarness, settled } from "./inbox-harness.ts";

// Who may reply, across servers: the interaction policy (GoToSocial's `canReply`) a post's note
// carries, replies from elsewhere it refuses, and the policy of a note from elsewhere applied to
// replies written here. The other server is written without Fedify and checks signatures.
const h = inboxHarness(["bob", "carol"]);
const store = () => h.runtime.store;
const alice = `${ORIGIN}/api/accounts/alice`;
const GTS_CONTEXT = "https://gotosocial.org/ns";

const post = (
  accountId: number,
  text: string,
  fields: { replyPolicy?: ReplyPolicy; replyTo?: string } = {},
) =>
  perform({ runtime: h.runtime, ip: "test" }, accountId, {
    type: "createPost",
    post: { id: newId(), text, media: [], replyTo: null, quoteOf: null, ...fields },
  });

/** A note from elsewhere, as its server sends it in a Create. */
function createNote(name: string, n: number, fields: Record<string, unknown>) {
  const actor = h.remote.actorUri(name);
  const id = `${actor}/statuses/${n}`;
  return {
    "@context": [AS_CONTEXT, GTS_CONTEXT],
    id: `${id}/activity`,
    type: "Create",
    actor,
    object: {
      id,
      type: "Note",
      attributedTo: actor,
      content: `<p>note ${n}</p>`,
      published: "2026-12-01T10:00:00Z",
      to: [PUBLIC],
      cc: [`${actor}/followers`],
      ...fields,
    },
  };
}

const stored = async (objectUri: string) => {
  const id = await store().postIdByObjectUri(objectUri);
  return id ? store().postById(id, null) : null;
};

describe("a post whose author limited replies", () => {
  it("says so in its note: its author and the people they follow, or those it mentions", async () => {
    const aliceId = await newAccount(store(), "alice");
    await h.followedBy("bob", "alice");
    await post(aliceId, "open to all");
    await post(aliceId, "people I follow", { replyPolicy: "following" });
    await post(aliceId, `only @${h.remote.handle("bob")}`, { replyPolicy: "mentioned" });
    const notes = (await h.receivedOf("Create", 3)).map((c) => c.object as Record<string, unknown>);
    const byText = (text: string) => notes.find((n) => String(n.content).includes(text))!;
    expect(byText("open to all")).not.toHaveProperty("interactionPolicy");
    expect(byText("people I follow").interactionPolicy).toEqual({
      canReply: { automaticApproval: [alice, `${alice}/following`] },
    });
    expect(byText("only").interactionPolicy).toMatchObject({
      canReply: { automaticApproval: [alice, h.remote.actorUri("bob")] },
    });
  });

  it("refuses a reply from elsewhere it does not allow, and keeps one it allows", async () => {
    const aliceId = await newAccount(store(), "alice");
    await h.followedBy("bob", "alice");
    const asked = await post(aliceId, `only @${h.remote.handle("bob")}`, { replyPolicy: "mentioned" });
    const askedId = asked.status === "created" ? asked.post.id : "";
    const inReplyTo = `${ORIGIN}/api/posts/${askedId}`;
    await h.deliver("/api/inbox", createNote("carol", 1, { inReplyTo }));
    await h.deliver("/api/inbox", createNote("bob", 2, { inReplyTo }));
    await settled(() => stored(`${h.remote.actorUri("bob")}/statuses/2`)).toBeTruthy();
    await h.drained();
    expect(await stored(`${h.remote.actorUri("carol")}/statuses/1`)).toBeNull();
    expect((await store().postById(askedId, null))?.replyCount).toBe(1);
  });
});

describe("a note from elsewhere that limits replies", () => {
  it("is kept with its policy, and refuses replies from here it does not allow", async () => {
    const aliceId = await newAccount(store(), "alice");
    const carolId = await newAccount(store(), "carol");
    await h.followedBy("bob", "alice");
    await h.follow(aliceId, "bob");
    const bob = h.remote.actorUri("bob");
    const rule = (automaticApproval: string[]) => ({
      interactionPolicy: { canReply: { automaticApproval } },
    });
    await h.deliver(
      "/api/inbox",
      createNote("bob", 1, {
        content: `<p>for <a href="${alice}" class="mention">@alice</a></p>`,
        tag: [{ type: "Mention", href: alice, name: "@alice" }],
        ...rule([bob, alice]),
      }),
    );
    await h.deliver("/api/inbox", createNote("bob", 2, rule([bob, `${bob}/following`])));
    await h.deliver("/api/inbox", createNote("bob", 3, rule([PUBLIC])));
    await h.deliver("/api/inbox", createNote("bob", 4, {}));
    await settled(async () =>
      (await Promise.all([1, 2, 3, 4].map((n) => stored(`${bob}/statuses/${n}`)))).every(Boolean),
    ).toBe(true);
    const [mentioned, following, everyone, unsaid] = await Promise.all(
      [1, 2, 3, 4].map((n) => stored(`${bob}/statuses/${n}`)),
    );
    expect([mentioned, following, everyone, unsaid].map((p) => p!.replyPolicy)).toEqual([
      "mentioned",
      "following",
      "everyone",
      "everyone",
    ]);

    // Alice is mentioned and followed by Bob; Carol is neither.
    expect((await post(aliceId, "thanks", { replyTo: mentioned!.id })).status).toBe("created");
    await expect(post(carolId, "me too", { replyTo: mentioned!.id })).rejects.toMatchObject({
      status: 403,
      code: "reply_limited",
    });
    expect((await post(aliceId, "hello", { replyTo: following!.id })).status).toBe("created");
    await expect(post(carolId, "hello", { replyTo: following!.id })).rejects.toMatchObject({
      code: "reply_limited",
    });
    expect((await post(carolId, "hi", { replyTo: everyone!.id })).status).toBe("created");

    // A reply from elsewhere to it is for its author's server to judge: kept.
    await h.deliver("/api/inbox", createNote("carol", 5, { inReplyTo: `${bob}/statuses/2` }));
    await settled(() => stored(`${h.remote.actorUri("carol")}/statuses/5`)).toBeTruthy();

    // Its server opens it to everyone: an Update says so, and the post does not read "edited".
    const update = createNote("bob", 2, rule([PUBLIC]));
    await h.deliver("/api/inbox", {
      ...update,
      id: `${bob}/statuses/2#updates/1`,
      type: "Update",
      object: { ...update.object, updated: "2026-12-01T11:00:00Z" },
    });
    await settled(async () => (await stored(`${bob}/statuses/2`))?.replyPolicy).toBe("everyone");
    expect((await stored(`${bob}/statuses/2`))?.editedAt).toBeNull();
    expect((await post(carolId, "now I may", { replyTo: following!.id })).status).toBe("created");
  });
});
