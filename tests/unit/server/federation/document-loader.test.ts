import { blockedHosts } from "../../../../site/server/federation/blocked-domains.ts";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocumentLoader } from "@fedify/fedify";
import {
  boundedLoader,
  DOCUMENT_LIMITS,
  ownOriginOnly,
} from "../../../../site/server/federation/document-loader.ts";

let server: http.Server;
let origin: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const json = { "content-type": "application/activity+json" };
    switch (request.url) {
      case "/actor":
        response.writeHead(200, json).end(JSON.stringify({ id: `${origin}/actor`, type: "Person" }));
        return;
      case "/big":
        // No Content-Length: the size shows only while reading.
        response.writeHead(200, json);
        response.write('{"x":"');
        response.write("x".repeat(2 * 1024 * 1024));
        response.end('"}');
        return;
      case "/declared-big":
        response.writeHead(200, { ...json, "content-length": String(5 * 1024 * 1024) }).end();
        return;
      case "/slow":
        response.writeHead(200, json);
        response.write("{");
        return; // never ends
      case "/moved":
        response.writeHead(302, { location: "/actor" }).end();
        return;
      case "/to-blocked":
        response.writeHead(302, { location: "http://blocked.localhost/actor" }).end();
        return;
      case "/page-a":
      case "/page-b": {
        // HTML pages naming each other as their ActivityStreams alternate: Fedify follows those.
        const other = request.url === "/page-a" ? "/page-b" : "/page-a";
        response.writeHead(200, { "content-type": "text/html" });
        response.end(
          `<html><head><link rel="alternate" type="application/activity+json" href="${other}"></head></html>`,
        );
        return;
      }
      case "/loop":
        response.writeHead(302, { location: "/loop" }).end();
        return;
      default:
        response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const loader = (allowPrivate = true) =>
  boundedLoader({
    allowPrivate,
    publicUrl: "https://p92.example",
    limits: { ...DOCUMENT_LIMITS, timeoutMs: 500 },
  });

describe("fetching another server's documents", () => {
  it("loads a document, following a redirect to where it is", async () => {
    const loaded = await loader()(`${origin}/moved`);
    expect(loaded.documentUrl).toBe(`${origin}/actor`);
    expect(loaded.document).toMatchObject({ type: "Person" });
  });

  it("refuses a body past 1 MiB, whether declared or not", async () => {
    await expect(loader()(`${origin}/big`)).rejects.toThrow(/larger than 1048576 bytes/);
    await expect(loader()(`${origin}/declared-big`)).rejects.toThrow(/larger than 1048576 bytes/);
  });

  it("gives up on a server that stops sending, and on endless redirects", async () => {
    await expect(loader()(`${origin}/slow`)).rejects.toThrow(/abort|timeout/i);
    await expect(loader()(`${origin}/loop`)).rejects.toThrow(/More than 5 redirects/);
    await expect(loader()(`${origin}/page-a`)).rejects.toThrow(/More than 5 redirects/);
  });

  it("never fetches loopback or private addresses unless allowed (tests only)", async () => {
    await expect(loader(false)(`${origin}/actor`)).rejects.toThrow();
    await expect(loader(false)("http://10.0.0.1/actor")).rejects.toThrow();
    await expect(loader(false)("file:///etc/passwd")).rejects.toThrow();
  });

  it("never fetches from a blocked server, whether asked or redirected there", async () => {
    const blocking = boundedLoader({
      allowPrivate: true,
      publicUrl: "https://p92.example",
      blocked: blockedHosts(["blocked.localhost", "127.0.0.1"]),
    });
    await expect(blocking(`${origin}/actor`)).rejects.toThrow(/blocked server/);
    const redirecting = boundedLoader({
      allowPrivate: true,
      publicUrl: "https://p92.example",
      blocked: blockedHosts(["blocked.localhost"]),
    });
    await expect(redirecting(`${origin}/to-blocked`)).rejects.toThrow(/blocked server/);
  });

  it("answers the common JSON-LD contexts without fetching them", async () => {
    const loaded = await loader(false)("https://www.w3.org/ns/activitystreams");
    expect(loaded.document).toHaveProperty("@context");
  });

  it("takes a document that claims another origin's id only from that origin, with that id", async () => {
    const documents: Record<string, unknown> = {
      "https://evil.example/users/bob": { id: "https://victim.example/users/bob", publicKey: "evil's" },
      "https://victim.example/users/bob": { id: "https://victim.example/users/bob", publicKey: "bob's" },
      "https://evil.example/users/ann": { id: "https://quiet.example/users/ann" },
      "https://quiet.example/users/ann": { id: "https://quiet.example/users/someone-else" },
      "https://ok.example/users/cy": { id: "https://ok.example/users/cy" },
    };
    const fetched: string[] = [];
    const loader: DocumentLoader = async (url) => {
      fetched.push(url);
      return { contextUrl: null, documentUrl: url, document: documents[url] };
    };
    const load = ownOriginOnly(loader);
    expect((await load("https://ok.example/users/cy")).document).toEqual(
      documents["https://ok.example/users/cy"],
    );
    expect((await load("https://evil.example/users/bob")).document).toMatchObject({ publicKey: "bob's" });
    await expect(load("https://evil.example/users/ann")).rejects.toThrow(/claims an id/);
    expect(fetched).toEqual([
      "https://ok.example/users/cy",
      "https://evil.example/users/bob",
      "https://victim.example/users/bob",
      "https://evil.example/users/ann",
      "https://quiet.example/users/ann",
    ]);
  });

  it("ships with a 1 MiB, 10 s, 5-redirect bound", () => {
    expect(DOCUMENT_LIMITS).toEqual({ maxBytes: 1024 * 1024, timeoutMs: 10_000, maxRedirects: 5 });
  });
});
