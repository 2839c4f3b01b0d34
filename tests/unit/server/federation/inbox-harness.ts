import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect } from "vitest";
import { newId } from "../../../../shared/ids.ts";
import { readConfig } from "../../../../site/server/config.ts";
import { startFederationQueue } from "../../../../site/server/federation/queue-worker.ts";
import { perform } from "../../../../site/server/operations.ts";
import { createRuntime, type Runtime } from "../../../../site/server/runtime.ts";
import {
  startRemoteServer,
  type RemoteServer,
  type SignOptions,
} from "../../../fake-fediverse/remote-server.ts";

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
  /** Closes the server and opens it again on the same data with these settings. */
  reopen(env?: Record<string, string>): Promise<void>;
  /** Sends a signed activity to a P92 inbox through the server's federation object. */
  deliver(inbox: string, activity: Record<string, unknown>, options?: SignOptions): Promise<Response>;
  /** Waits until the queue has run everything delivered so far. */
  drained(): Promise<void>;
  /** A post of a local account, through the same pipeline as the API. */
  localPost(accountId: number, text?: string): Promise<string>;
}

export function inboxHarness(names = ["bob", "carol"]): InboxHarness {
  let dataDir = "";
  let runtime: Runtime;
  let queue: { stop: () => Promise<void> };
  let remote: RemoteServer;
  const open = (env: Record<string, string> = {}) => {
    runtime = createRuntime(
      readConfig({
        P92_DATA_DIR: dataDir,
        P92_PUBLIC_URL: ORIGIN,
        P92_FEDERATION_ALLOW_PRIVATE: "1",
        ...env,
      }),
    );
    queue = startFederationQueue(runtime);
  };

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-inbox-"));
    open();
    remote = await startRemoteServer(names, (url) =>
      runtime.federation.fetch(new Request(url, { headers: { accept: "application/activity+json" } }), {
        contextData: runtime,
      }),
    );
  });

  afterEach(async () => {
    await queue.stop();
    runtime.close();
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
    async reopen(env) {
      await queue.stop();
      runtime.close();
      open(env);
    },
    async deliver(inbox, activity, options) {
      const request = await remote.signed(`${ORIGIN}${inbox}`, activity, options);
      return runtime.federation.fetch(request, { contextData: runtime });
    },
    async drained() {
      await settled(async () => runtime.federationStorage.queue.unfinished()).toBe(0);
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
