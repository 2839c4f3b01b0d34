import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { newId } from "../../../shared/ids.ts";
import { remoteAccount, remotePostRecord } from "./accounts.ts";
import { DEFAULT_REMOTE_MEDIA_CACHE_MB, readConfig } from "../../../site/server/config.ts";
import { createSiteHandler } from "../../../site/server/http/site-handler.ts";
import { createRuntime, type Runtime } from "../../../site/server/runtime.ts";
import { toAccount, toPost } from "../../../site/server/serialize.ts";
import type { RemoteMediaRecord } from "../../../site/server/storage/records.ts";

// Another server's photos, videos and avatars, served by this server from its copies: the
// "other server" is a plain HTTP server counting what it is asked; this server is the real site
// handler on a fresh data directory.
const PUBLIC_URL = "https://p92.example";
const KB = 1024;

/** A PNG's signature followed by `size` bytes in all. */
const png = (size: number, fill = 0) => {
  const bytes = Buffer.alloc(size, fill);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  return bytes;
};
/** An MP4's `ftyp` box, then `size` bytes in all. */
const mp4 = (size: number) => {
  const bytes = Buffer.alloc(size);
  bytes.writeUInt32BE(24, 0);
  bytes.write("ftypisom", 4, "latin1");
  bytes.write("isomiso2", 16, "latin1");
  return bytes;
};

const files: Record<string, { body: Buffer | string; type: string } | { redirect: string }> = {
  "/a.png": { body: png(300, 1), type: "image/png" },
  "/b.png": { body: png(300, 2), type: "image/png" },
  "/clip.mp4": { body: mp4(4 * KB), type: "video/mp4" },
  "/long.mp4": { body: mp4(12 * KB), type: "video/mp4" },
  "/page.html": { body: "<script>alert(1)</script>", type: "image/png" },
  "/huge.png": { body: png(700 * KB), type: "image/png" },
  "/moved": { redirect: "/a.png" },
  "/to-blocked": { redirect: "http://blocked.example/x.png" },
  ...Object.fromEntries(
    [1, 2, 3].map((n) => [`/large${n}.png`, { body: png(400 * KB, n), type: "image/png" }]),
  ),
};
const asked: string[] = [];
let origin: http.Server;
let remote = "";

beforeAll(async () => {
  origin = http.createServer((request, response) => {
    const file = files[request.url ?? ""];
    asked.push(request.url ?? "");
    if (!file) return void response.writeHead(404).end();
    if ("redirect" in file) return void response.writeHead(302, { location: file.redirect }).end();
    response.writeHead(200, { "content-type": file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => origin.listen(0, "127.0.0.1", resolve));
  remote = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
});
afterAll(() => origin.close());

let dataDir: string;
let runtime: Runtime;
let server: http.Server;
let base: string;

beforeEach(async () => {
  asked.length = 0;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-remote-media-"));
  runtime = await createRuntime(
    readConfig({
      P92_DATA_DIR: dataDir,
      P92_PUBLIC_URL: PUBLIC_URL,
      P92_FEDERATION_ALLOW_PRIVATE: "1",
      P92_BLOCKED_DOMAINS: "blocked.example",
      P92_MAX_IMAGE_BYTES: String(600 * KB),
      P92_MAX_VIDEO_BYTES: String(8 * KB),
      P92_REMOTE_MEDIA_CACHE_MB: "1",
    }),
  );
  const clientDir = path.join(dataDir, "client");
  fs.mkdirSync(clientDir);
  const astro = (_request: http.IncomingMessage, response: http.ServerResponse) =>
    void response.writeHead(500).end("not for Astro");
  server = http.createServer(createSiteHandler({ astro, clientDir, runtime }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  server.close();
  runtime.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Bob elsewhere, with `avatar` (a path on the other server). */
const bob = (avatar: string | null = null) =>
  remoteAccount(runtime.store, "bob", remote, {
    displayName: "Bob",
    avatarUrl: avatar && `${remote}${avatar}`,
  });

/** A post of Bob's holding the files at these paths of the other server: the URLs clients get. */
async function postWith(...paths: string[]) {
  return postOf("public", paths);
}

async function postOf(visibility: "public" | "followers", paths: string[]) {
  const author = await bob();
  const media: RemoteMediaRecord[] = paths.map((p, i) => ({
    id: `m${i}`,
    kind: p.endsWith(".mp4") ? "video" : "image",
    mimeType: p.endsWith(".mp4") ? "video/mp4" : "image/png",
    url: `${remote}${p}`,
    width: null,
    height: null,
    alt: "",
  }));
  const post = remotePostRecord("look", { media, visibility }, remote);
  const outcome = await runtime.store.applyOp(author.id, { type: "receivePost", post }, null);
  if (outcome.status !== "created") throw new Error(outcome.status);
  const shown = toPost(PUBLIC_URL, outcome.post);
  return { post: shown, author, urls: shown.media.map((m) => m.url.replace(PUBLIC_URL, "")) };
}

const get = async (url: string, headers: Record<string, string> = {}) => {
  const response = await fetch(base + url, { headers });
  const body = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    body,
    type: response.headers.get("content-type"),
    headers: response.headers,
  };
};

describe("another server's media, served from this server", () => {
  it("is fetched once from its server, then answered from this server's copy, with its true type", async () => {
    const { post, urls } = await postWith("/a.png", "/moved");
    expect(post.media[0]!.url).toBe(`${PUBLIC_URL}/api/remote-media/posts/${post.id}/m0`);
    for (let i = 0; i < 2; i++) {
      const answer = await get(urls[0]!);
      expect(answer).toMatchObject({ status: 200, type: "image/png" });
      expect(answer.body.equals(png(300, 1))).toBe(true);
      expect(answer.headers.get("cache-control")).toBe("public, max-age=86400");
      expect(answer.headers.get("content-security-policy")).toContain("sandbox");
    }
    // A redirect on the same server is followed.
    expect((await get(urls[1]!)).status).toBe(200);
    expect(asked).toEqual(["/a.png", "/moved", "/a.png"]);
  });

  it("lets only the reader's browser keep a file of a post not everyone may see", async () => {
    const { urls } = await postOf("followers", ["/a.png"]);
    expect((await get(urls[0]!)).headers.get("cache-control")).toBe("private, max-age=86400");
  });

  it("answers byte ranges of a video, for seeking", async () => {
    const { urls } = await postWith("/clip.mp4");
    const answer = await get(urls[0]!, { range: "bytes=0-7" });
    expect(answer).toMatchObject({ status: 206, type: "video/mp4" });
    expect(answer.body.toString("latin1", 4, 8)).toBe("ftyp");
  });

  it("refuses with the reason what is not a photo or video, too large, gone, or behind a blocked redirect", async () => {
    const { urls } = await postWith("/page.html", "/huge.png", "/long.mp4", "/gone.png", "/to-blocked");
    const reasons = [];
    for (const url of urls) {
      const answer = await get(url);
      expect(answer.status).toBe(502);
      const { error } = JSON.parse(answer.body.toString()) as { error: { code: string; message: string } };
      expect(error.code).toBe("remote_media_unavailable");
      reasons.push(error.message);
    }
    expect(reasons).toEqual([
      "The file is not a photo or video of a type shown here",
      `The file is larger than this server keeps (${600 * KB} bytes)`,
      `The file is a video larger than this server keeps (${8 * KB} bytes)`,
      "The file was answered with 404 by its server",
      "The file is on a server blocked here",
    ]);
    // Not asked again at once: the failure is remembered for a while.
    const before = asked.length;
    expect((await get(urls[0]!)).status).toBe(502);
    expect(asked.length).toBe(before);
  });

  it("is no open proxy: only files that stored posts and avatars name, none of a deleted post", async () => {
    const { post, author, urls } = await postWith("/a.png");
    expect((await get(`/api/remote-media/posts/${post.id}/m9`)).status).toBe(404);
    expect((await get(`/api/remote-media/posts/${newId()}/m0`)).status).toBe(404);
    await runtime.store.applyOp(
      author.id,
      { type: "deleteRemotePost", objectUri: `${post.remoteUrl}` },
      null,
    );
    expect((await get(urls[0]!)).status).toBe(404);
    expect(asked).toEqual([]);
  });

  it("gives an avatar an address that changes with it", async () => {
    const first = toAccount(PUBLIC_URL, await bob("/a.png")).avatarUrl!;
    expect(first).toMatch(
      /^https:\/\/p92\.example\/api\/remote-media\/avatars\/bob%40127\.0\.0\.1%3A\d+\/[\w-]{16}$/,
    );
    expect((await get(first.replace(PUBLIC_URL, ""))).status).toBe(200);
    const second = toAccount(PUBLIC_URL, await bob("/b.png")).avatarUrl!;
    expect(second).not.toBe(first);
    expect((await get(first.replace(PUBLIC_URL, ""))).status).toBe(404);
    const answer = await get(second.replace(PUBLIC_URL, ""));
    expect(answer.body.equals(png(300, 2))).toBe(true);
  });

  it("keeps its copies under the bound, the least recently shown out first", async () => {
    expect(readConfig({}).remoteMediaCacheBytes).toBe(DEFAULT_REMOTE_MEDIA_CACHE_MB * 1024 * 1024);
    expect(DEFAULT_REMOTE_MEDIA_CACHE_MB).toBe(2048);
    const { urls } = await postWith("/large1.png", "/large2.png", "/large3.png");
    for (const url of urls) expect((await get(url)).status).toBe(200);
    // 1.2 MB of copies under a 1 MB bound: the first one went.
    const copies = () => fs.readdirSync(path.join(dataDir, "remote-media"));
    expect(copies()).toHaveLength(2);
    await get(urls[2]!);
    await get(urls[0]!);
    expect(asked).toEqual(["/large1.png", "/large2.png", "/large3.png", "/large1.png"]);
    expect(copies()).toHaveLength(2);
  });
});
