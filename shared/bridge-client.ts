/**
 * The page side of the bridge (protocol: ./bridge.ts): `createBridgeClient(window)` sends the
 * page's requests, collects their answers and follows the import's progress.
 */
import type { FollowList, ImportedFollow, ImportedProfile } from "./schema/instagram.ts";
import {
  ExtensionMessage,
  pageMessage,
  readBridgeMessage,
  type ImportProgress,
  type PageMessage,
} from "./bridge.ts";

/** How long `startImport` waits for the person once the extension asked them (`consent-asked`). */
export const CONSENT_WAIT_MS = 10 * 60_000;

export interface ImportedData {
  profile: ImportedProfile | null;
  avatar: Blob | null;
  follows: { list: FollowList; rows: ImportedFollow[] }[];
  counts: { following: number; followers: number };
}

export class BridgeError extends Error {
  code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * The page side of the bridge. `hello()` rejects with code `no-extension` when nothing answers
 * within the timeout (the extension is missing, or this origin is not allowed in it).
 */
export function createBridgeClient(win: Window, options: { timeoutMs?: number } = {}) {
  const timeoutMs = options.timeoutMs ?? 1500;
  const progressListeners = new Set<(p: ImportProgress) => void>();
  const pending = new Map<string, (m: ExtensionMessage) => boolean>();

  const onMessage = (event: MessageEvent) => {
    const message = readBridgeMessage(ExtensionMessage, event, win);
    if (!message) return;
    if (message.type === "progress") {
      for (const listener of progressListeners) listener(message.progress);
      return;
    }
    const handler = pending.get(message.requestId);
    if (handler && handler(message)) pending.delete(message.requestId);
  };
  win.addEventListener("message", onMessage);

  /**
   * Sends a request; `handle` returns true once the answer is complete, and may call `wait(ms)`
   * when the extension says the answer will take a person's time.
   */
  function request(
    type: PageMessage["type"],
    handle: (m: ExtensionMessage, wait: (ms: number) => void) => boolean,
    timeout: number,
  ): Promise<void> {
    const requestId = crypto.randomUUID();
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arm = (ms: number, error: BridgeError) => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          pending.delete(requestId);
          reject(error);
        }, ms);
      };
      arm(timeout, new BridgeError("no-extension", "The P92 extension did not answer on this site."));
      const wait = (ms: number) =>
        arm(ms, new BridgeError("no-answer", "Nobody answered in the P92 window; start the import again."));
      pending.set(requestId, (m) => {
        if (m.type === "error") {
          clearTimeout(timer);
          reject(new BridgeError(m.code, m.message));
          return true;
        }
        let done = false;
        try {
          done = handle(m, wait);
        } catch (error) {
          clearTimeout(timer);
          reject(error as Error);
          return true;
        }
        if (done) {
          clearTimeout(timer);
          resolve();
        }
        return done;
      });
      win.postMessage(pageMessage({ type, requestId }), win.location.origin);
    });
  }

  return {
    async hello(): Promise<{ extensionVersion: string; protocolVersion: number }> {
      let answer = { extensionVersion: "", protocolVersion: 0 };
      await request(
        "hello",
        (m) => {
          if (m.type !== "hello") return false;
          answer = m;
          return true;
        },
        timeoutMs,
      );
      return { extensionVersion: answer.extensionVersion, protocolVersion: answer.protocolVersion };
    },
    /**
     * Starts the import. When the extension first asks the person (this site was not allowed to
     * start imports yet), `onConsentAsked` is called and the wait grows to `CONSENT_WAIT_MS`;
     * rejects with code `declined` when they cancel.
     */
    startImport: (options: { onConsentAsked?: () => void } = {}) =>
      request(
        "start-import",
        (m, wait) => {
          if (m.type === "consent-asked") {
            wait(CONSENT_WAIT_MS);
            options.onConsentAsked?.();
            return false;
          }
          return m.type === "import-started";
        },
        timeoutMs * 4,
      ),
    cancelImport: () => request("cancel-import", (m) => m.type === "import-cancelled", timeoutMs * 4),
    onProgress(listener: (p: ImportProgress) => void): () => void {
      progressListeners.add(listener);
      return () => progressListeners.delete(listener);
    },
    /** Everything imported so far, collected from the chunks (store it with shared/db/imported.ts). */
    async getImported(): Promise<ImportedData> {
      const data: ImportedData = {
        profile: null,
        avatar: null,
        follows: [],
        counts: { following: 0, followers: 0 },
      };
      await request(
        "get-imported",
        (m) => {
          if (m.type === "imported-profile") {
            data.profile = m.profile;
            data.avatar = m.avatar;
          } else if (m.type === "imported-follows") {
            data.follows.push({ list: m.list, rows: m.rows });
          } else if (m.type === "imported-end") {
            data.counts = m.counts;
            return true;
          }
          return false;
        },
        60_000,
      );
      return data;
    },
    close(): void {
      win.removeEventListener("message", onMessage);
      pending.clear();
      progressListeners.clear();
    },
  };
}
export type BridgeClient = ReturnType<typeof createBridgeClient>;
