import { Create, Note, OrderedCollection, OrderedCollectionPage, Person } from "@fedify/fedify/vocab";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "../../../../shared/ids.ts";
import { readConfig } from "../../../../site/server/config.ts";
import { perform } from "../../../../site/server/operations.ts";
import { createRuntime, type Runtime } from "../../../../site/server/runtime.ts";
import { newAccount } from "../accounts.ts";

const ORIGIN = "https://p92.example";
const AS2 = "application/activity+json";
let dataDir: string;
let runtime: Runtime;

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-federation-docs-"));
  runtime = await createRuntime(readConfig({ P92_DATA_DIR: dataDir, P92_PUBLIC_URL: ORIGIN }));
});

afterEach(() => {
  runtime.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** What another server gets for a GET, through the same Fedify object the server mounts. */
async function get(pathAndQuery: string, accept = AS2): Promise<Response> {
  return runtime.federation.fetch(new Request(ORIGIN + pathAndQuery, { headers: { accept } }), {
    contextData: runtime,
    onNotFound: () => new Response("site", { status: 404 }),
    onNotAcceptable: () => new Response("site", { status: 406 }),
  });
}

const json = async (pathAndQuery: string) => {
  const response = await get(pathAndQuery);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
};

async function post(accountId: number, text: string, extra: { replyTo?: string } = {}) {
  const id = newId();
  await perform({ runtime, ip: "test" }, accountId, {
    type: "createPost",
    post: { id, text, media: [], replyTo: extra.replyTo ?? null, quoteOf: null },
  });
  return id;
}

describe("an account as other servers see it", () => {
  it("is a Person at its API URL, with its inbox, collections and both keys", async () => {
    await newAccount(runtime.store, "alice");
    const person = await Person.fromJsonLd(await json("/api/accounts/alice"));
    expect(person.id?.href).toBe(`${ORIGIN}/api/accounts/alice`);
    expect(person.preferredUsername).toBe("alice");
    expect(person.url?.href).toBe(`${ORIGIN}/@alice`);
    expect(person.inboxId?.href).toBe(`${ORIGIN}/api/accounts/alice/inbox`);
    expect(person.endpoints?.sharedInbox?.href).toBe(`${ORIGIN}/api/inbox`);
    expect(person.outboxId?.href).toBe(`${ORIGIN}/api/accounts/alice/outbox`);
    expect(person.followersId?.href).toBe(`${ORIGIN}/api/accounts/alice/followers`);
    expect(person.followingId?.href).toBe(`${ORIGIN}/api/accounts/alice/following`);
    const key = await person.getPublicKey();
    expect(key?.publicKey?.algorithm.name).toBe("RSASSA-PKCS1-v1_5");
    const multikeys = [];
    for await (const multikey of person.getAssertionMethods())
      multikeys.push(multikey.publicKey?.algorithm.name);
    expect(multikeys).toEqual(["RSASSA-PKCS1-v1_5", "Ed25519"]);
  });

  it("keeps the same keys across restarts", async () => {
    await newAccount(runtime.store, "alice");
    const before = (await json("/api/accounts/alice")).publicKey;
    runtime.close();
    runtime = await createRuntime(readConfig({ P92_DATA_DIR: dataDir, P92_PUBLIC_URL: ORIGIN }));
    expect((await json("/api/accounts/alice")).publicKey).toEqual(before);
  });

  it("shows the bio as escaped HTML and the proven Instagram handle as a profile field", async () => {
    const id = await newAccount(runtime.store, "alice");
    await perform({ runtime, ip: "test" }, id, {
      type: "updateProfile",
      profile: { bio: "I <3 #tea\nand links https://tea.example" },
    });
    const person = await Person.fromJsonLd(await json("/api/accounts/alice"));
    expect(person.summary?.toString()).toBe(
      '<p>I &lt;3 <a href="https://p92.example/search/?q=%23tea" class="mention hashtag" rel="tag">#<span>tea</span></a><br>' +
        'and links <a href="https://tea.example/" rel="nofollow noopener noreferrer" target="_blank">https://tea.example</a></p>',
    );
    expect(person.attachmentIds).toEqual([]);

    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    await runtime.store.saveProof(id, { handle: "alice.ig", code: "p92-code", expiresAt });
    await runtime.store.proveInstagram(
      id,
      { handle: "alice.ig", code: "p92-code", username: "Alice.IG", verified: true },
      new Date().toISOString(),
    );
    const fields = (await json("/api/accounts/alice")).attachment;
    expect(fields).toEqual({
      type: "PropertyValue",
      name: "Instagram",
      value:
        '<a href="https://www.instagram.com/Alice.IG/" rel="me nofollow noopener noreferrer" target="_blank">@Alice.IG</a>',
    });
  });

  it("is found through WebFinger as acct:handle@host, whatever the case of the handle", async () => {
    await newAccount(runtime.store, "alice");
    const response = await get(
      "/.well-known/webfinger?resource=acct:alice@p92.example",
      "application/jrd+json",
    );
    expect(response.status).toBe(200);
    const jrd = (await response.json()) as { subject: string; links: { rel: string; href: string }[] };
    expect(jrd.subject).toBe("acct:alice@p92.example");
    expect(jrd.links).toContainEqual(
      expect.objectContaining({ rel: "self", href: `${ORIGIN}/api/accounts/alice` }),
    );
    expect((await get("/.well-known/webfinger?resource=acct:nobody@p92.example")).status).toBe(404);
    const capitals = await get("/.well-known/webfinger?resource=acct:Alice@p92.example");
    expect(capitals.status).toBe(200);
    expect(((await capitals.json()) as typeof jrd).links).toContainEqual(
      expect.objectContaining({ rel: "self", href: `${ORIGIN}/api/accounts/alice` }),
    );
  });

  it("is handed back to the site when the handle is unknown or the request wants a page", async () => {
    expect(await (await get("/api/accounts/nobody")).text()).toBe("site");
    await newAccount(runtime.store, "alice");
    expect((await get("/api/accounts/alice", "text/html")).status).toBe(406);
  });
});

describe("posts as other servers see them", () => {
  it("are public Notes attributed to their author, replies pointing at their parent", async () => {
    const alice = await newAccount(runtime.store, "alice");
    await newAccount(runtime.store, "bob");
    const first = await post(alice, "hello @bob #p92");
    const reply = await post(alice, "and again", { replyTo: first });
    const note = await Note.fromJsonLd(await json(`/api/posts/${reply}`));
    expect(note.attributionId?.href).toBe(`${ORIGIN}/api/accounts/alice`);
    expect(note.toIds.map(String)).toEqual(["https://www.w3.org/ns/activitystreams#Public"]);
    expect(note.ccIds.map(String)).toEqual([`${ORIGIN}/api/accounts/alice/followers`]);
    expect(note.replyTargetId?.href).toBe(`${ORIGIN}/api/posts/${first}`);
    expect(note.url?.href).toBe(`${ORIGIN}/post/?id=${reply}`);

    const mentioning = await Note.fromJsonLd(await json(`/api/posts/${first}`));
    expect(mentioning.ccIds.map(String)).toContain(`${ORIGIN}/api/accounts/bob`);
    const tags = [];
    for await (const tag of mentioning.getTags()) tags.push(tag.constructor.name);
    expect(tags).toEqual(["Mention", "Hashtag"]);
  });

  it("are gone once deleted", async () => {
    const alice = await newAccount(runtime.store, "alice");
    const id = await post(alice, "soon gone");
    await perform({ runtime, ip: "test" }, alice, { type: "deletePost", postId: id });
    expect((await get(`/api/posts/${id}`)).status).toBe(404);
  });

  it("are in the author's outbox, newest first, a page at a time", async () => {
    const alice = await newAccount(runtime.store, "alice");
    const ids = [];
    for (let i = 0; i < 25; i++) ids.push(await post(alice, `post ${i}`));
    const outbox = await OrderedCollection.fromJsonLd(await json("/api/accounts/alice/outbox"));
    expect(outbox.totalItems).toBe(25);
    const first = await OrderedCollectionPage.fromJsonLd(
      await json(new URL(outbox.firstId!).pathname + "?cursor="),
    );
    const creates = [];
    for await (const item of first.getItems()) creates.push(item);
    expect(creates).toHaveLength(20);
    expect(creates[0]).toBeInstanceOf(Create);
    expect((creates[0] as Create).objectId?.href).toBe(`${ORIGIN}/api/posts/${ids[24]}`);
    const next = await OrderedCollectionPage.fromJsonLd(
      await json(new URL(first.nextId!).pathname + new URL(first.nextId!).search),
    );
    let rest = 0;
    for await (const _ of next.getItems()) rest++;
    expect(rest).toBe(5);
  });
});

describe("the follow collections and NodeInfo", () => {
  it("list followers and followees with their totals", async () => {
    const alice = await newAccount(runtime.store, "alice");
    await newAccount(runtime.store, "bob");
    await perform({ runtime, ip: "test" }, alice, { type: "follow", handle: "bob" });
    const followers = await OrderedCollection.fromJsonLd(await json("/api/accounts/bob/followers"));
    expect(followers.totalItems).toBe(1);
    const page = await json("/api/accounts/bob/followers?cursor=");
    expect(page.orderedItems).toEqual([`${ORIGIN}/api/accounts/alice`]);
    expect((await json("/api/accounts/alice/following?cursor=")).orderedItems).toEqual([
      `${ORIGIN}/api/accounts/bob`,
    ]);
  });

  it("reports the software, the protocol and how many accounts and posts", async () => {
    const alice = await newAccount(runtime.store, "alice");
    await post(alice, "one");
    const info = await json("/nodeinfo/2.1");
    expect(info).toMatchObject({
      software: { name: "p92" },
      protocols: ["activitypub"],
      usage: { users: { total: 1 }, localPosts: 1 },
    });
  });
});
