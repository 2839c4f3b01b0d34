import "fake-indexeddb/auto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import type { SyncOp, SyncResponse } from "../../../shared/sync.ts";

/** What the site sends: whole ops (the server checks each one on its own). */
type SentSync = { ops?: SyncOp[]; cursor?: string | null; known?: string[] };
import { db } from "../../../site/lib/db.ts";
import { createLocalPost } from "../../../site/lib/outbox.ts";
import { clearSession, type Session } from "../../../site/lib/settings.ts";
import { syncOnce } from "../../../site/lib/sync/engine.ts";

// A small HTTP server standing in for POST /api/sync: it records each request and answers each
// operation with `answer(opId)` (ok by default), with no changes and a fixed cursor.
const requests: SentSync[] = [];
let answer: (opId: string) => SyncResponse["results"][number] = (opId) => ({ opId, ok: true });
/** How many answers say `more: true` before the server is caught up. */
let pagesMore = 0;
let server: http.Server;
let url = "";

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const sync = JSON.parse(body) as SentSync;
      requests.push(sync);
      const reply: SyncResponse = {
        results: (sync.ops ?? []).map((op) => answer(op.opId)),
        changes: [],
        cursor: "c1",
        more: pagesMore-- > 0,
      };
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(async () => {
  requests.length = 0;
  answer = (opId) => ({ opId, ok: true });
  pagesMore = 0;
  await Promise.all(db.tables.map((table) => table.clear()));
});

const session = (handle: string): Session => ({ serverUrl: url, token: `token-${handle}`, handle });
const write = (author: string, text: string) =>
  createLocalPost(author, url, { text, media: [], replyTo: null, quoteOf: null });

test("posts left unsent by someone who signed out are never sent as the next person", async () => {
  await write("ana", "Ana's words");
  await clearSession(session("ana"));
  await write("bob", "Bob's words");
  await syncOnce(session("bob"));
  const sent = requests.flatMap((r) => r.ops ?? []);
  expect(sent.map((op) => (op.type === "createPost" ? op.post.text : op.type))).toEqual(["Bob's words"]);
  // Ana's post waits for Ana, and goes when she is back.
  expect(await db.outbox.count()).toBe(1);
  await syncOnce(session("ana"));
  expect(requests.at(-1)?.ops?.map((op) => (op.type === "createPost" ? op.post.text : ""))).toEqual([
    "Ana's words",
  ]);
  expect(await db.outbox.count()).toBe(0);
});

test("a post the server rate-limits stays queued and sending, and the sync does not hammer", async () => {
  const post = await write("ana", "Too fast");
  answer = (opId) => ({
    opId,
    ok: false,
    error: { code: "rate_limited", message: "Too many posts; try again in 40 s" },
  });
  const outcome = await syncOnce(session("ana"));
  expect(outcome.ok).toBe(true);
  expect(requests).toHaveLength(1);
  expect((await db.posts.get(post.id))?.localState).toBe("sending");
  expect(await db.outbox.toArray()).toMatchObject([{ lastError: "Too many posts; try again in 40 s" }]);
});

test("every page of a sync names the posts the device holds, so their counts stay fresh", async () => {
  await write("ana", "Held");
  pagesMore = 2;
  await syncOnce(session("ana"));
  expect(requests).toHaveLength(3);
  for (const request of requests) expect(request.known?.length).toBe(1);
});
