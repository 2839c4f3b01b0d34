import "fake-indexeddb/auto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { fetchMissingAuthors } from "../../../site/lib/authors.ts";
import { db } from "../../../site/lib/db.ts";
import { serverAccount, serverPost } from "./fixtures.ts";

// A small HTTP server answering GET /api/accounts/<handle> as the P92 server does.
const asked: string[] = [];
let server: http.Server;
let url = "";

const account = (handle: string) => serverAccount(handle, url);
const post = (author: string) => serverPost({ author }, url);

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const handle = decodeURIComponent(request.url!.split("/").pop()!);
    asked.push(handle);
    response.setHeader("content-type", "application/json");
    if (handle.startsWith("gone")) {
      response.statusCode = 404;
      response.end(JSON.stringify({ error: { code: "not_found", message: "No such account" } }));
    } else response.end(JSON.stringify({ account: account(handle) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(async () => {
  asked.length = 0;
  await db.accounts.clear();
});

test("an author the device never held is fetched once, so the post can show a name", async () => {
  await fetchMissingAuthors(url, [post("lea"), post("lea")]);
  expect((await db.accounts.get("lea"))?.displayName).toBe("Name of lea");
  await fetchMissingAuthors(url, [post("lea")]);
  expect(asked).toEqual(["lea"]);
});

test("an author already on the device is not asked for", async () => {
  await db.accounts.put(account("known"));
  await fetchMissingAuthors(url, [post("known")]);
  expect(asked).toEqual([]);
});

test("an author the server does not know is not asked again; one unreachable is", async () => {
  await fetchMissingAuthors(url, [post("gone_1")]);
  await fetchMissingAuthors(url, [post("gone_1")]);
  expect(asked).toEqual(["gone_1"]);
  await expect(fetchMissingAuthors("http://127.0.0.1:1", [post("offline_1")])).resolves.toBeUndefined();
  await fetchMissingAuthors(url, [post("offline_1")]);
  expect(asked).toEqual(["gone_1", "offline_1"]);
  expect(await db.accounts.get("offline_1")).toBeDefined();
});
