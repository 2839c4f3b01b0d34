import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiFailure } from "../../../../shared/api-failure.ts";
import { readConfig } from "../../../../site/server/config.ts";
import { isBlockedHost } from "../../../../site/server/federation/blocked-domains.ts";
import {
  guardInbox,
  jsonDepth,
  RecentKeys,
  signerHost,
} from "../../../../site/server/federation/inbox-guard.ts";
import { createRuntime, type Runtime } from "../../../../site/server/runtime.ts";
import { startRemoteServer } from "../../../fake-fediverse/remote-server.ts";

let dataDir: string;
let runtime: Runtime;

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-guard-"));
  runtime = await createRuntime(
    readConfig({
      P92_DATA_DIR: dataDir,
      P92_BLOCKED_DOMAINS: "spam.example",
      P92_LIMIT_INBOX_PER_DOMAIN: "2/60",
      P92_FEDERATION_ALLOW_PRIVATE: "1",
    }),
  );
});

afterEach(() => {
  runtime.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const signed = (keyId: string, body: BodyInit = "{}") =>
  new Request("http://localhost/api/inbox", {
    method: "POST",
    headers: { signature: `keyId="${keyId}",algorithm="rsa-sha256",headers="date",signature="x"` },
    body,
  });

const status = (outcome: Request | ApiFailure) => (outcome instanceof ApiFailure ? outcome.status : 0);

describe("what an inbox POST must pass before it is parsed", () => {
  it("refuses a blocked server and its subdomains with 403, not its look-alikes", async () => {
    expect(status(await guardInbox(signed("https://spam.example/u#k"), runtime, "1.2.3.4"))).toBe(403);
    expect(status(await guardInbox(signed("https://a.spam.example/u#k"), runtime, "1.2.3.4"))).toBe(403);
    expect(await guardInbox(signed("https://notspam.example/u#k"), runtime, "1.2.3.4")).toBeInstanceOf(
      Request,
    );
    expect(isBlockedHost("SPAM.example.", ["spam.example"])).toBe(true);
  });

  it("limits each server whose signature verifies, and anything unverified by its address", async () => {
    const remote = await startRemoteServer(["bob"]);
    try {
      const inbox = "http://localhost/api/inbox";
      const like = (n: number) => ({
        id: `${remote.actorUri("bob")}#likes/${n}`,
        type: "Like",
        actor: remote.actorUri("bob"),
      });
      expect(await guardInbox(await remote.signed(inbox, like(1)), runtime, "1.1.1.1")).toBeInstanceOf(
        Request,
      );
      // A forged signature naming Bob's key spends its sender's address allowance, not Bob's server's.
      const forged = () => signed(`${remote.actorUri("bob")}#main-key`);
      expect(await guardInbox(forged(), runtime, "6.6.6.6")).toBeInstanceOf(Request);
      expect(await guardInbox(forged(), runtime, "6.6.6.6")).toBeInstanceOf(Request);
      const refused = await guardInbox(forged(), runtime, "6.6.6.6");
      expect(status(refused)).toBe(429);
      expect((refused as ApiFailure).headers["Retry-After"]).toMatch(/^\d+$/);
      expect(await guardInbox(await remote.signed(inbox, like(2)), runtime, "2.2.2.2")).toBeInstanceOf(
        Request,
      );
      expect(status(await guardInbox(await remote.signed(inbox, like(3)), runtime, "3.3.3.3"))).toBe(429);
    } finally {
      await remote.close();
    }
  });

  it("counts a key that its document says is another server's against the sender's address", async () => {
    const remote = await startRemoteServer([]);
    try {
      // At its own /users/v, the sender serves an actor, and a key, that claim victim.example's ids;
      // named by a key id without a fragment, Fedify takes the actor's one key, and it verifies.
      const victim = "https://victim.example/users/v";
      await remote.adopt({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        id: victim,
        type: "Person",
        preferredUsername: "v",
        inbox: `${victim}/inbox`,
      });
      const send = async (n: number, address: string) => {
        const like = { id: `${victim}#likes/${n}`, type: "Like", actor: victim };
        const request = await remote.signed("http://localhost/api/inbox", like, {
          keyId: `${remote.origin}/users/v`,
        });
        return guardInbox(request, runtime, address);
      };
      // Each from its own address, under the limit of 2: none spends victim.example's allowance.
      for (const [n, address] of [
        [1, "1.1.1.1"],
        [2, "2.2.2.2"],
        [3, "3.3.3.3"],
      ] as const) {
        expect(await send(n, address)).toBeInstanceOf(Request);
      }
    } finally {
      await remote.close();
    }
  });

  it("refuses a body over 1 MiB with 413, declared or streamed", async () => {
    const big = "x".repeat(1024 * 1024 + 1);
    expect(status(await guardInbox(signed("https://a.example/u#k", big), runtime, "1.2.3.4"))).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 11; i++) controller.enqueue(new Uint8Array(100 * 1024));
        controller.close();
      },
    });
    const streamed = new Request("http://localhost/api/inbox", {
      method: "POST",
      headers: { signature: 'keyId="https://b.example/u#k"' },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(status(await guardInbox(streamed, runtime, "1.2.3.4"))).toBe(413);
  });

  it("refuses JSON nested deeper than 32 levels with 400 and hands on the rest unchanged", async () => {
    const deep = "[".repeat(33) + "]".repeat(33);
    expect(status(await guardInbox(signed("https://a.example/u#k", deep), runtime, "1.2.3.4"))).toBe(400);
    const body = JSON.stringify({ type: "Follow", note: "[[[[ in a string ]]]]" });
    const passed = await guardInbox(signed("https://a.example/u#k", body), runtime, "1.2.3.4");
    expect(await (passed as Request).text()).toBe(body);
    expect(jsonDepth(Buffer.from('{"a":"\\"[[[","b":[{}]}'))).toBe(3);
  });

  it("finds the signer in a draft Signature or an RFC 9421 Signature-Input", () => {
    expect(signerHost(new Headers({ signature: 'keyId="https://Remote.example/users/a#main-key"' }))).toBe(
      "remote.example",
    );
    expect(
      signerHost(
        new Headers({ "signature-input": 'sig1=("@method");keyid="https://other.example/k";alg="rsa"' }),
      ),
    ).toBe("other.example");
    expect(signerHost(new Headers())).toBeNull();
  });
});

describe("the keys the guard verified with lately", () => {
  const key = (n: number) => new URL(`https://a.example/users/${n}#main-key`);
  afterEach(() => vi.useRealTimers());

  it("keeps the newest ones up to its bound, each for 10 minutes, a missing key for 1", async () => {
    vi.useFakeTimers();
    const keys = new RecentKeys(2);
    // Any value stands for a parsed key here: the cache only keeps it.
    const parsed = {} as NonNullable<Awaited<ReturnType<RecentKeys["get"]>>>;
    await keys.set(key(1), parsed);
    await keys.set(key(2), null);
    expect(await keys.get(key(1))).toBe(parsed);
    expect(await keys.get(key(2))).toBeNull();
    await keys.set(key(3), parsed);
    expect(await keys.get(key(1))).toBeUndefined();
    vi.advanceTimersByTime(61_000);
    expect(await keys.get(key(2))).toBeUndefined();
    expect(await keys.get(key(3))).toBe(parsed);
    vi.advanceTimersByTime(540_000);
    expect(await keys.get(key(3))).toBeUndefined();
  });
});
