import { describe, expect, it } from "vitest";
import { submitReport } from "../../../../site/server/moderation/reports.ts";
import { newAccount, remotePostRecord } from "../accounts.ts";
import { ORIGIN, inboxHarness } from "./inbox-harness.ts";

// A report about someone elsewhere, sent on to their server when the reporter asks: a Flag from
// this server's own actor (so the reporter stays unnamed there), checked by a server written
// without Fedify that verifies each request's signature.
const h = inboxHarness(["bob"]);
const store = () => h.runtime.store;
const SERVER_ACTOR = `${ORIGIN}/api/accounts/~server`;
const call = () => ({ runtime: h.runtime, ip: "test" });

/** Bob, elsewhere, follows Alice: he is known here; answers his account and a post of his. */
async function bobAndHisPost() {
  const bob = await h.followedBy("bob", "alice");
  const stored = await store().applyOp(
    bob.id,
    { type: "receivePost", post: remotePostRecord("rude words", {}, h.remote.origin) },
    null,
  );
  if (stored.status !== "created") throw new Error(stored.status);
  return { bob, post: stored.post };
}

describe("a report about someone elsewhere", () => {
  it("is sent on to their server as a Flag from this server's actor when asked, and only then", async () => {
    const aliceId = await newAccount(store(), "alice");
    const { bob, post } = await bobAndHisPost();
    const kept = await submitReport(call(), aliceId, {
      postId: post.id,
      reason: "harassment",
      comment: "",
      forward: false,
    });
    expect(kept.report.forwarded).toBe(false);
    const sent = await submitReport(call(), aliceId, {
      handle: bob.handle,
      reason: "harassment",
      comment: "insults me under every post",
      forward: true,
    });
    expect(sent).toMatchObject({ created: true, report: { forwarded: true, account: bob.handle } });
    const flags = await h.receivedOf("Flag");
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      type: "Flag",
      actor: SERVER_ACTOR,
      object: bob.remote!.actorUri,
      content: "harassment: insults me under every post",
    });
    // Filed again: the open report answers, nothing is sent twice.
    const again = await submitReport(call(), aliceId, {
      handle: bob.handle,
      reason: "spam",
      comment: "",
      forward: true,
    });
    expect(again.created).toBe(false);
    await h.drained();
    expect(h.remote.received.filter((r) => r.verified && r.activity.type === "Flag")).toHaveLength(1);
  });

  it("names the post too, and the server's actor is an Application no account can take", async () => {
    const aliceId = await newAccount(store(), "alice");
    const { bob, post } = await bobAndHisPost();
    await submitReport(call(), aliceId, { postId: post.id, reason: "spam", comment: "", forward: true });
    const [flag] = await h.receivedOf("Flag");
    expect(flag!.object).toEqual([bob.remote!.actorUri, post.remote!.objectUri]);
    // Without a comment, the reason is what their admins read.
    expect(flag!.content).toBe("spam");
    const actor = await h.runtime.federation.fetch(
      new Request(SERVER_ACTOR, { headers: { accept: "application/activity+json" } }),
      { contextData: h.runtime },
    );
    expect(actor.status).toBe(200);
    const document = (await actor.json()) as Record<string, unknown>;
    expect(document).toMatchObject({
      type: "Application",
      id: SERVER_ACTOR,
      preferredUsername: "p92-server",
    });
    expect(document.publicKey).toBeTruthy();
    // Found by WebFinger under a name no account here can take (handles hold no dash).
    const finger = await h.runtime.federation.fetch(
      new Request(`${ORIGIN}/.well-known/webfinger?resource=acct:p92-server@p92.example`),
      { contextData: h.runtime },
    );
    expect(finger.status).toBe(200);
    expect(JSON.stringify(await finger.json())).toContain(SERVER_ACTOR);
  });
});
