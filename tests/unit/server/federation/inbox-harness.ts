import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { Agent, getGlobalDispatcher, setGlobalDispatcher } from "undici";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { newId } from "../../../../shared/ids.ts";
import { readConfig } from "../../../../site/server/config.ts";
import { handleToFollow } from "../../../../site/server/federation/lookup.ts";
import { startFederationWorkers } from "../../../../site/server/federation/workers.ts";
import { perform } from "../../../../site/server/operations.ts";
import { createRuntime, type Runtime } from "../../../../site/server/runtime.ts";
import {
  startRemoteServer,
  type RemoteServer,
  type SignOptions,
} from "../../../fake-fediverse/remote-server.ts";
import type { AccountRecord } from "../../../../site/server/storage/records.ts";
import { storeEnv } from "../../../support/test-store.ts";
import { makeTestCertificates, type TestCertificates } from "../../../fake-fediverse/tls.ts";

/**
 * A P92 server (its runtime and federation queue, on a fresh data directory) and another server
 * written without Fedify that signs what it sends, for each test: what the other server sends is
 * handled by the same federation object and queue the server runs.
 */
export const ORIGIN = "https://p92.example";
export const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
export const AS_CONTEXT = "https://www.w3.org/ns/activitystreams";

export interface InboxHarness {
  readonly runtime: Runtime;
  readonly remote: RemoteServer;
  /** The certificates the other server serves HTTPS with (`https` harnesses only). */
  readonly certificates: TestCertificates | null;
  /** The server's data directory. */
  readonly dataDir: string;
  /** Stops the server (its queue and delivery), leaving its data for another process. */
  close(): Promise<void>;
  /** Closes the server (if open) and opens it again on the same data with these settings. */
  reopen(env?: Record<string, string>): Promise<void>;
  /** Sends a signed activity to a P92 inbox through the server's federation object. */
  deliver(inbox: string, activity: Record<string, unknown>, options?: SignOptions): Promise<Response>;
  /** Waits until the queue has run everything delivered so far. */
  drained(): Promise<void>;
  /** A post of a local account, through the same pipeline as the API. */
  localPost(accountId: number, text?: string): Promise<string>;
  /**
   * A local account follows an actor of the other server, which accepts: the Follow goes out
   * through delivery, and the Accept comes back to the inbox. Answers the Follow as received.
   */
  follow(accountId: number, name: string): Promise<Record<string, unknown>>;
  /**
   * An actor of the other server follows a local account (a signed Follow to the shared inbox),
   * once the server has applied it: answers that actor's account here.
   */
  followedBy(name: string, handle: string): Promise<AccountRecord>;
  /**
   * The activities of this type the other server received and accepted (signed as it reads them:
   * a first knock in RFC 9421, which it refuses, is not counted), once there are `count`.
   */
  receivedOf(type: string, count?: number): Promise<Record<string, unknown>[]>;
}

/**
 * With `https`, the other server serves HTTPS at `https://localhost:PORT` with a throwaway
 * certificate that the process's fetch trusts while the tests run (WebFinger needs https).
 */
export function inboxHarness(names = ["bob", "carol"], options: { https?: boolean } = {}): InboxHarness {
  let dataDir = "";
  // This run's database (PostgreSQL runs): one per test, kept when the server is opened again.
  let database: Record<string, string> = {};
  let runtime: Runtime;
  let queue: { stop: () => Promise<void> };
  let remote: RemoteServer;
  let open_ = false;
  // Key documents the other server read, kept: it can still check a signature of this server's
  // while another process (the crash test's) runs it.
  const documents = new Map<string, string>();
  const fetchDocument = async (url: string) => {
    let body = documents.get(url);
    if (body === undefined) {
      const request = new Request(url, { headers: { accept: "application/activity+json" } });
      const response = await runtime.federation.fetch(request, { contextData: runtime });
      if (!response.ok) return response;
      body = await response.text();
      documents.set(url, body);
    }
    return new Response(body, { headers: { "content-type": "application/activity+json" } });
  };
  const close = async () => {
    if (!open_) return;
    open_ = false;
    await queue.stop();
    runtime.close();
  };
  const open = async (env: Record<string, string> = {}) => {
    runtime = await createRuntime(
      readConfig({
        P92_DATA_DIR: dataDir,
        P92_PUBLIC_URL: ORIGIN,
        P92_FEDERATION_ALLOW_PRIVATE: "1",
        ...database,
        ...env,
      }),
    );
    queue = startFederationWorkers(runtime);
    open_ = true;
  };

  let certificates: TestCertificates | null = null;
  if (options.https) {
    const before = getGlobalDispatcher();
    beforeAll(() => {
      certificates = makeTestCertificates();
      setGlobalDispatcher(new Agent({ connect: { ca: [...tls.rootCertificates, certificates.ca] } }));
    });
    afterAll(() => {
      setGlobalDispatcher(before);
      if (certificates) fs.rmSync(certificates.dir, { recursive: true, force: true });
    });
  }

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-inbox-"));
    database = await storeEnv();
    await open();
    documents.clear();
    remote = await startRemoteServer(names, fetchDocument, certificates ? { tls: certificates } : {});
  });

  afterEach(async () => {
    await close();
    await remote.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  return {
    get runtime() {
      return runtime;
    },
    get remote() {
      return remote;
    },
    get certificates() {
      return certificates;
    },
    get dataDir() {
      return dataDir;
    },
    close,
    async reopen(env) {
      await close();
      await open(env);
    },
    async deliver(inbox, activity, options) {
      const request = await remote.signed(`${ORIGIN}${inbox}`, activity, options);
      return runtime.federation.fetch(request, { contextData: runtime });
    },
    async drained() {
      await settled(() => runtime.federationStorage.queue.unfinished()).toBe(0);
    },
    async followedBy(name, handle) {
      const before = (await runtime.store.accountByHandle(handle))!.followerCount;
      await this.deliver("/api/inbox", {
        "@context": AS_CONTEXT,
        id: `${remote.actorUri(name)}#follows/${newId()}`,
        type: "Follow",
        actor: remote.actorUri(name),
        object: `${ORIGIN}/api/accounts/${handle}`,
      });
      await settled(async () => (await runtime.store.accountByHandle(handle))?.followerCount).toBe(
        before + 1,
      );
      return (await runtime.store.accountByHandle(remote.handle(name)))!;
    },
    async follow(accountId, name) {
      const before = (await this.receivedOf("Follow", 0)).length;
      // As the follow route does: someone not known yet is looked up first.
      const call = { runtime, ip: "test" };
      const handle = await handleToFollow(call, accountId, remote.handle(name), { fetch: true });
      await perform(call, accountId, { type: "follow", handle });
      const follow = (await this.receivedOf("Follow", before + 1)).at(-1)!;
      await this.deliver("/api/inbox", remote.acceptOf(follow));
      const followee = (await runtime.store.accountByHandle(handle))!;
      await settled(() => runtime.store.followState(accountId, followee.id)).toBe("following");
      return follow;
    },
    async receivedOf(type, count = 1) {
      const ofType = () =>
        remote.received.filter((r) => r.verified && r.activity.type === type).map((r) => r.activity);
      await settled(async () => ofType().length).toBeGreaterThanOrEqual(count);
      return ofType();
    },
    async localPost(accountId, text = "hello") {
      const id = newId();
      await perform({ runtime, ip: "test" }, accountId, {
        type: "createPost",
        post: { id, text, media: [], replyTo: null, quoteOf: null },
      });
      return id;
    },
  };
}

/** What the queue's listeners did, once they did it. */
export const settled = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });
