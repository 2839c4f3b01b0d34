import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createSiteHandler } from "../../../site/server/http/site-handler.ts";

// A dist/client with a page, a nested page and a hashed asset; "Astro" answers what files cannot.
const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-client-"));
const seenByAstro: string[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  fs.mkdirSync(path.join(clientDir, "settings"));
  fs.mkdirSync(path.join(clientDir, "_astro"));
  fs.mkdirSync(path.join(clientDir, "api"));
  fs.writeFileSync(path.join(clientDir, "index.html"), "<p>home</p>");
  fs.writeFileSync(path.join(clientDir, "settings/index.html"), "<p>settings</p>");
  fs.writeFileSync(path.join(clientDir, "_astro/feed.abc123.js"), "export {}");
  fs.writeFileSync(path.join(clientDir, "api/health"), "a file that must never answer");
  const astro = (request: http.IncomingMessage, response: http.ServerResponse) => {
    seenByAstro.push(request.url!);
    response.writeHead(200, { "content-type": "text/plain" }).end("astro");
  };
  server = http.createServer(createSiteHandler({ astro, clientDir }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
  fs.rmSync(clientDir, { recursive: true, force: true });
});

const get = async (url: string) => {
  const response = await fetch(base + url);
  return {
    status: response.status,
    body: await response.text(),
    cache: response.headers.get("cache-control"),
  };
};

test("prerendered pages are served from the client folder, with or without the trailing slash", async () => {
  expect((await get("/")).body).toBe("<p>home</p>");
  expect(await get("/settings")).toMatchObject({ status: 200, body: "<p>settings</p>" });
  expect(await get("/settings/")).toMatchObject({ status: 200, body: "<p>settings</p>" });
});

test("hashed build assets are cached for a year; pages are revalidated", async () => {
  expect((await get("/_astro/feed.abc123.js")).cache).toBe("public, max-age=31536000, immutable");
  expect((await get("/settings")).cache).toBe("public, max-age=0");
});

test("API paths go straight to Astro, even when a file of that name exists", async () => {
  expect((await get("/api/health?x=1")).body).toBe("astro");
  expect(seenByAstro).toContain("/api/health?x=1");
});

test("paths with no file (on-demand pages, the 404 page) fall back to Astro", async () => {
  expect((await get("/@alice")).body).toBe("astro");
  expect((await get("/nothing/here")).body).toBe("astro");
});

test("a URL that cannot be decoded is a 400, and no path escapes the client folder", async () => {
  expect((await get("/%E0%A4%A")).status).toBe(400);
  const escaped = await get("/..%2f..%2fetc/passwd");
  expect(escaped.body).not.toContain("root:");
});

test("a NUL byte, an over-long name or a file used as a folder is answered, and the server stays up", async () => {
  expect((await get("/%00")).status).toBe(400);
  expect((await get("/settings%00/index.html")).status).toBe(400);
  expect((await get(`/${"a".repeat(300)}`)).body).toBe("astro");
  expect((await get("/index.html/x")).body).toBe("astro");
  expect((await get("/")).body).toBe("<p>home</p>");
});

test("an encoded slash still makes an API path, so no built file answers under /api/", async () => {
  const before = seenByAstro.length;
  const answer = await get("/api%2Fhealth");
  expect(answer.body).toBe("astro");
  expect(seenByAstro.slice(before)).toEqual(["/api%2Fhealth"]);
});

test("an undecodable API URL gets the API's JSON error", async () => {
  const response = await fetch(`${base}/api/posts/%E0%A4%A`);
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({
    error: { code: "bad_request", message: "The URL cannot be decoded." },
  });
});
