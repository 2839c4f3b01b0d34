import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { readConfig } from "../../../site/server/config.ts";
import { createSiteHandler } from "../../../site/server/http/site-handler.ts";
import { createRuntime, type Runtime } from "../../../site/server/runtime.ts";

// A dist/client with a page, a nested page and a hashed asset; "Astro" answers what files cannot.
const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-client-"));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-data-"));
const seenByAstro: string[] = [];
const addresses: string[] = [];
let server: http.Server;
let base: string;
let runtime: Runtime;
const META_CSP = `<meta http-equiv="content-security-policy" content="object-src 'none';base-uri 'self'; script-src 'self' 'sha256-abc='; style-src 'self' 'sha256-def=';">`;

beforeAll(async () => {
  fs.mkdirSync(path.join(clientDir, "settings"));
  fs.mkdirSync(path.join(clientDir, "_astro"));
  fs.mkdirSync(path.join(clientDir, "api"));
  fs.mkdirSync(path.join(clientDir, "profile"));
  fs.writeFileSync(path.join(clientDir, "index.html"), "<p>home</p>");
  fs.writeFileSync(path.join(clientDir, "profile/index.html"), `<head>${META_CSP}</head><p>profile</p>`);
  fs.writeFileSync(path.join(clientDir, "settings/index.html"), "<p>settings</p>");
  fs.writeFileSync(path.join(clientDir, "_astro/feed.abc123.js"), "export {}");
  fs.writeFileSync(path.join(clientDir, "api/health"), "a file that must never answer");
  const astro = (
    request: http.IncomingMessage,
    response: http.ServerResponse,
    _next: undefined,
    locals: App.Locals,
  ) => {
    seenByAstro.push(request.url!);
    addresses.push(locals.clientAddress);
    response.writeHead(200, { "content-type": "text/plain" }).end("astro");
  };
  runtime = await createRuntime(readConfig({ P92_DATA_DIR: dataDir, P92_TRUSTED_PROXIES: "127.0.0.1" }));
  server = http.createServer(createSiteHandler({ astro, clientDir, runtime }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
  runtime.close();
  fs.rmSync(clientDir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
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

test("/@handle is the profile page's shell; paths with no file (the 404 page) fall back to Astro", async () => {
  expect((await get("/@alice")).body).toContain("<p>profile</p>");
  expect((await get("/nothing/here")).body).toBe("astro");
});

test("pages carry a CSP header (their own hashes plus frames, sources and servers), nosniff and a referrer policy", async () => {
  const response = await fetch(`${base}/@alice`);
  const csp = response.headers.get("content-security-policy") ?? "";
  const directives = Object.fromEntries(
    csp.split(";").map((d) => {
      const [name = "", ...values] = d.trim().split(/\s+/);
      return [name, values.join(" ")];
    }),
  );
  expect(directives).toMatchObject({
    "default-src": "'self'",
    "frame-ancestors": "'none'",
    "script-src": "'self' 'sha256-abc='",
    "style-src": "'self' 'sha256-def='",
    "object-src": "'none'",
  });
  // A person may point the site at any https P92 server in Settings.
  expect(directives["connect-src"]).toContain("https:");
  expect(directives["img-src"]).toContain("https:");
  expect(directives["media-src"]).toContain("https:");
  expect(directives["connect-src"]).not.toMatch(/(^|\s)(http:|\*)(\s|$)/);
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
});

test("API answers may not run, load or be framed", async () => {
  const response = await fetch(`${base}/api/health`);
  expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
});

test("behind a trusted proxy the client is the rightmost untrusted X-Forwarded-For hop", async () => {
  await fetch(`${base}/api/x`, { headers: { "x-forwarded-for": "198.51.100.1, 203.0.113.9" } });
  await fetch(`${base}/api/x`, { headers: { "x-forwarded-for": "203.0.113.9, 127.0.0.1" } });
  await fetch(`${base}/api/x`);
  expect(addresses.slice(-3)).toEqual(["203.0.113.9", "203.0.113.9", "127.0.0.1"]);
});

test("a media file the database does not know is a JSON 404, even when a file of that name exists", async () => {
  fs.mkdirSync(path.join(dataDir, "media"), { recursive: true });
  fs.writeFileSync(path.join(dataDir, "media/orphan.jpg"), "x");
  const response = await fetch(`${base}/api/media/orphan.jpg`);
  expect(response.status).toBe(404);
  expect((await response.json()).error.code).toBe("not_found");
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

test("a share that no service worker took goes home and says it failed, without the body being read", async () => {
  const posted = await fetch(`${base}/share/`, {
    method: "POST",
    body: new FormData(),
    redirect: "manual",
  });
  expect(posted.status).toBe(303);
  expect(posted.headers.get("location")).toBe("/?share=failed");
  const visited = await fetch(`${base}/share`, { redirect: "manual" });
  expect(visited.status).toBe(303);
  expect(visited.headers.get("location")).toBe("/");
});
