/**
 * The page side of the bridge (protocol: shared/bridge.ts): `createBridgeClient(window)` sends the
 * page's requests, hands their answers on as they arrive and follows the import's progress.
 */
import { ExtensionMessage, pageMessage, readBridgeMessage, type PageMessage } from "../../shared/bridge.ts";
import type { ImportProgress } from "../../shared/import-progress.ts";
import type { FollowList, ImportedFollow, ImportedProfile } from "../../shared/schema/instagram.ts";

/** How long `startImport` waits for the person once the extension asked them (`consent-asked`). */
export const CONSENT_WAIT_MS = 10 * 60_000;

/**
 * Where the answers to `get-imported` go, each as it arrives and one at a time, in the
 * extension's order: the profile, the chunks of each list, then the end with the row counts.
 * site/lib/import-store.ts stores them (`createImportReceiver`).
 */
export interface ImportReceiver {
  profile(profile: ImportedProfile | null, avatar: Blob | null): Promise<void>;
  follows(list: FollowList, rows: ImportedFollow[]): Promise<void>;
  end(counts: { following: number; followers: number }): Promise<void>;
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
    /**
     * Everything imported so far, handed to `receiver` chunk by chunk as the extension sends it;
     * resolves once the receiver took the end. A failure stops the hand-over there: what the
     * receiver took before it stays taken.
     */
    async receiveImported(receiver: ImportReceiver): Promise<void> {
      let handed: Promise<void> = Promise.resolve();
      const failure: { error?: unknown } = {};
      const handOn = (step: () => Promise<void>) => {
        handed = handed.then(() =>
          "error" in failure ? undefined : step().catch((error: unknown) => void (failure.error = error)),
        );
      };
      try {
        await request(
          "get-imported",
          (m) => {
            if (m.type === "imported-profile") handOn(() => receiver.profile(m.profile, m.avatar));
            else if (m.type === "imported-follows") handOn(() => receiver.follows(m.list, m.rows));
            else if (m.type === "imported-end") handOn(() => receiver.end(m.counts));
            return m.type === "imported-end";
          },
          60_000,
        );
      } finally {
        await handed;
      }
      if ("error" in failure) throw failure.error;
    },
    close(): void {
      win.removeEventListener("message", onMessage);
      pending.clear();
      progressListeners.clear();
    },
  };
}
export type BridgeClient = ReturnType<typeof createBridgeClient>;
