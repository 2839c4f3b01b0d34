import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import { expect, test, useServer } from "../support/fixtures.ts";
import { RELAXED_LIMITS } from "./client.ts";
import { FILMED_AT, movWithLocation, mp4 } from "./media-fixtures.ts";

const server = useServer({ env: RELAXED_LIMITS });

async function signUp(handle: string): Promise<string> {
  const response = await fetch(`${server.current.url}/api/auth/sign-up`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ handle, password: "long enough pass" }),
  });
  // Said here, not as a 401 to the upload: an early refusal of a large upload ends in EPIPE.
  if (response.status !== 201) throw new Error(`sign-up: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/**
 * Uploads on a connection of its own. CI twice saw `write EPIPE` on the 150 MB upload under load,
 * never when run alone; not pinned down. The two candidates are ruled out here: fetch reusing the
 * sign-up's pooled connection as the server closes it idle, and an early refusal (a failed
 * sign-up's 401) cutting the body short, which signUp now reports itself.
 */
function upload(token: string, body: Buffer): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${server.current.url}/api/media`,
      {
        method: "POST",
        agent: false,
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/octet-stream",
          "content-length": body.length,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve(new Response(Buffer.concat(chunks), { status: response.statusCode ?? 0 })),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/**
 * A GET on a connection of its own, its body read to the end: fetch's pooled connection may have
 * been idle, during a long upload, for as long as the server keeps idle connections (5 s), and
 * close as it is reused (CI saw "other side closed" on the warm-up read below).
 */
function statusOnNewConnection(
  url: string,
  headers: Record<string, string> = {},
): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode));
        response.on("error", reject);
      })
      .on("error", reject);
  });
}

/** The server process's resident memory, in MiB. */
function serverRss(): number {
  const status = fs.readFileSync(`/proc/${server.current.process.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

test("ten clients that ask for a 150 MB video and never read leave the server's memory within 64 MiB", async () => {
  test.setTimeout(120_000);
  // Made before signing up: building 150 MB can take longer on a loaded machine than the server
  // keeps the sign-up's idle connection (5 s), which the upload would then reuse as it closes.
  const video = mp4(60, 150 * 1024 * 1024);
  const token = await signUp("streamer");
  const uploaded = await upload(token, video);
  expect(uploaded.status).toBe(201);
  const { media } = (await uploaded.json()) as { media: { url: string } };
  // Warm the path once, then measure.
  expect(await statusOnNewConnection(media.url, { range: "bytes=0-1023" })).toBe(206);
  const before = serverRss();
  const { pathname } = new URL(media.url);
  const stalled = await Promise.all(
    Array.from(
      { length: 10 },
      () =>
        new Promise<net.Socket>((resolve) => {
          const socket = net.connect(server.current.port, "localhost", () => {
            socket.write(`GET ${pathname} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
            resolve(socket);
          });
          // Never read: the server must wait for the socket to drain instead of buffering the file.
          socket.pause();
        }),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const after = serverRss();
  // The server still answers others at once.
  const started = Date.now();
  expect(await statusOnNewConnection(`${server.current.url}/api/health`)).toBe(200);
  expect(Date.now() - started).toBeLessThan(1000);
  for (const socket of stalled) socket.destroy();
  console.log(`server RSS: ${before.toFixed(1)} MiB before, ${after.toFixed(1)} MiB with 10 stalled readers`);
  expect(after - before).toBeLessThan(64);
});

test("a QuickTime video is stored without its location, and broken or empty videos are refused", async () => {
  const token = await signUp("traveller");
  const original = movWithLocation();
  expect(original.includes(Buffer.from(FILMED_AT))).toBe(true);
  const response = await upload(token, original);
  expect(response.status).toBe(201);
  const { media } = (await response.json()) as { media: { url: string; duration: number } };
  expect(media.duration).toBe(3);
  const stored = Buffer.from(await (await fetch(media.url)).arrayBuffer());
  expect(stored.includes(Buffer.from(FILMED_AT))).toBe(false);
  expect(stored.includes(Buffer.from("\u00a9xyz", "latin1"))).toBe(false);

  // A signature followed by zeros is not a video; a movie header cut short is not either.
  const zeros = Buffer.concat([mp4(1).subarray(0, 32), Buffer.alloc(4096)]);
  const mvhdAt = original.indexOf("mvhd");
  const cut = original.subarray(0, mvhdAt + 20);
  for (const broken of [zeros, cut]) {
    const refused = await upload(token, broken);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toMatch(
      /^(unreadable_video|unknown_duration)$/,
    );
  }
});
