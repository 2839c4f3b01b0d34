import { parseNodeInfo } from "@fedify/fedify";
import { Create, lookupObject, Note, Person, traverseCollection } from "@fedify/fedify/vocab";
import { getDocumentLoader } from "@fedify/vocab-runtime";
import { expect, test } from "@playwright/test";
import fs from "node:fs";
import { Api, RELAXED_LIMITS } from "../server/client.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { makeTestCertificates, trustInThisProcess } from "../support/tls.ts";

// Another server's view of a P92 server over HTTPS on loopback: Fedify's own client code (not
// P92's) finds an account through WebFinger, reads its actor, keys, outbox and posts, and NodeInfo.
test.use({ ignoreHTTPSErrors: true });

let server: RunningServer;
const certificates = makeTestCertificates();
const documentLoader = getDocumentLoader({ allowPrivateAddress: true });

test.beforeAll(async () => {
  trustInThisProcess(certificates);
  server = await startServer({ env: { ...RELAXED_LIMITS, ...certificates.serverEnv } });
});
test.afterAll(async () => {
  await server.stop();
  fs.rmSync(certificates.dir, { recursive: true, force: true });
});

test("another server finds an account by @handle@host and reads its profile, keys and posts", async ({
  request,
}) => {
  const api = new Api(request, server.url);
  const alice = await api.signUp("alice");
  await api.signUp("bob");
  const text = "Hi @bob <img src=x onerror=alert(1)> see https://example.com/a?b=1&c=2 #P92";
  expect((await api.post(alice, text)).status()).toBe(201);

  // `allowPrivateAddress` reaches the WebFinger lookup (Fedify reads it though its type omits it).
  const actor = await lookupObject(`@alice@localhost:${server.port}`, {
    documentLoader,
    allowPrivateAddress: true,
  } as Parameters<typeof lookupObject>[1]);
  expect(actor).toBeInstanceOf(Person);
  const person = actor as Person;
  expect(person.id?.href).toBe(`${server.url}/api/accounts/alice`);
  expect(person.preferredUsername).toBe("alice");
  expect((await person.getPublicKey({ documentLoader }))?.ownerId?.href).toBe(person.id?.href);

  const outbox = await person.getOutbox({ documentLoader });
  expect(outbox?.totalItems).toBe(1);
  const activities = [];
  for await (const item of traverseCollection(outbox!, { documentLoader })) activities.push(item);
  expect(activities).toHaveLength(1);
  const note = await (activities[0] as Create).getObject({ documentLoader });
  expect(note).toBeInstanceOf(Note);
  const content = note!.content!.toString();
  expect(content).toContain("&lt;img src=x onerror=alert(1)&gt;");
  expect(content).toContain('<a href="https://example.com/a?b=1&amp;c=2"');
  expect(content).toContain('<a href="https://localhost:' + server.port + '/@bob" class="u-url mention">');

  // The note's own id answers the same note to a direct lookup.
  const again = await lookupObject(note!.id!.href, { documentLoader });
  expect(again?.id?.href).toBe(note!.id!.href);
});

test("a profile's or post's page address gives another server its document, and people the page", async ({
  request,
}) => {
  const api = new Api(request, server.url);
  const kim = await api.signUp("kim");
  const posted = await (await api.post(kim, "a page and a note")).json();
  const asks = { accept: "application/activity+json" };

  const profile = await fetch(`${server.url}/@kim`, { headers: asks });
  expect(profile.status).toBe(200);
  expect(profile.headers.get("content-type")).toContain("activity+json");
  expect(await profile.json()).toMatchObject({ id: `${server.url}/api/accounts/kim`, type: "Person" });
  const person = await lookupObject(`${server.url}/@kim`, { documentLoader });
  expect(person?.id?.href).toBe(`${server.url}/api/accounts/kim`);

  const note = await fetch(`${server.url}/post/?id=${posted.post.id}`, { headers: asks });
  expect(await note.json()).toMatchObject({ id: `${server.url}/api/posts/${posted.post.id}`, type: "Note" });

  const page = await fetch(`${server.url}/@kim`, { headers: { accept: "text/html" } });
  expect(page.headers.get("content-type")).toContain("text/html");
  expect(page.headers.get("vary")).toContain("Accept");
  // Nobody by that name, or someone elsewhere (not this server's to serve): 404, not the site's JSON.
  for (const path of ["/@nobody", "/api/accounts/nobody", "/api/accounts/bob%40elsewhere.example"]) {
    expect((await fetch(`${server.url}${path}`, { headers: asks })).status, path).toBe(404);
  }
});

test("NodeInfo says this is p92, speaking ActivityPub, with its counts", async () => {
  // Fedify's getNodeInfo() refuses loopback addresses outright: the two hops are made here and the
  // document is checked by Fedify's NodeInfo parser.
  const wellKnown = (await (await fetch(`${server.url}/.well-known/nodeinfo`)).json()) as {
    links: { rel: string; href: string }[];
  };
  const link = wellKnown.links.find((l) => l.rel === "http://nodeinfo.diaspora.software/ns/schema/2.1");
  expect(link?.href).toBe(`${server.url}/nodeinfo/2.1`);
  const info = parseNodeInfo(await (await fetch(link!.href)).json());
  expect(info?.software.name).toBe("p92");
  expect(info?.protocols).toEqual(["activitypub"]);
  expect(info?.usage.users.total).toBeGreaterThanOrEqual(1);
});

test("the site's own call for an account still gets P92's JSON, not ActivityStreams", async ({ request }) => {
  const api = new Api(request, server.url);
  await api.signUp("carol");
  const asSite = await request.get(`${server.url}/api/accounts/carol`, {
    headers: { accept: "application/json" },
  });
  expect(asSite.status()).toBe(200);
  expect(asSite.headers()["content-type"]).toContain("application/json");
  expect(await asSite.json()).toMatchObject({ account: { handle: "carol", followerCount: 0 } });

  const asServer = await request.get(`${server.url}/api/accounts/carol`, {
    headers: { accept: "application/activity+json" },
  });
  expect(asServer.headers()["content-type"]).toContain("application/activity+json");
  expect(await asServer.json()).toMatchObject({ type: "Person", preferredUsername: "carol" });
});
