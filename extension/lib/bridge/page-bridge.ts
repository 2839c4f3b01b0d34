/**
 * The extension's end of the site bridge (protocol: shared/bridge.ts). It runs as a content
 * script on allowed P92 sites, answers the page's requests from the background, and forwards
 * progress. Before anything, it asks the background whether this page's exact origin (port
 * included) is an allowed site: in Firefox the script also runs on the host's other ports
 * (lib/match-patterns.ts), and such a page gets no answer and no progress. Messages that fail
 * `readBridgeMessage` (other window, other origin, other shape) get no answer at all. A
 * `start-import` the person has not allowed for this site yet is answered `consent-asked`, then
 * `import-started` or `error` once they answered in the extension's window (the background
 * decides and says so with `consent/decided`).
 */
import * as v from "valibot";
import { browser, type Browser } from "wxt/browser";
import {
  BRIDGE_CHUNK_ROWS,
  BRIDGE_PROTOCOL_VERSION,
  PageMessage,
  extensionMessage,
  readBridgeMessage,
  type BridgeBody,
  type ExtensionMessage,
} from "../../../shared/bridge.ts";
import type { FollowList, ImportedFollow } from "../../../shared/schema/instagram.ts";
import { decodeAvatar } from "../avatar-encoding.ts";
import type { BridgeProfile } from "../background/bridge-data.ts";
import type { SiteStart } from "../background/consent-prompt.ts";
import { answer, BridgeTabMessage, MessageFailed, sendToBackground } from "../messages.ts";
import { watchProgress } from "../progress.ts";

/**
 * Waits before asking again when the background could not be reached (not a refusal): e.g. a tab
 * Firefox restores at start-up, whose content script runs before the background page listens.
 */
export const ALLOWED_RETRY_MS = [100, 250, 500, 1000, 2000];

/** Whether the background confirms this page's exact origin; false once it says no or stays unreachable. */
async function pageAllowed(): Promise<boolean> {
  for (const wait of [...ALLOWED_RETRY_MS, null]) {
    try {
      return await sendToBackground<boolean>({ type: "bridge/allowed" });
    } catch (error) {
      if (error instanceof MessageFailed || wait === null) return false;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  return false;
}

export function startPageBridge(win: Window): () => void {
  const post = (body: BridgeBody<ExtensionMessage>) =>
    win.postMessage(extensionMessage(body), win.location.origin);
  /** The page's start-import requests waiting for the person, by consent request id. */
  const awaitingConsent = new Map<string, string[]>();

  async function handle(message: PageMessage): Promise<void> {
    const { requestId } = message;
    try {
      switch (message.type) {
        case "hello":
          post({
            type: "hello",
            requestId,
            extensionVersion: browser.runtime.getManifest().version,
            protocolVersion: BRIDGE_PROTOCOL_VERSION,
          });
          return;
        case "start-import": {
          const start = await sendToBackground<SiteStart>({ type: "import/start" });
          if (start.started) {
            post({ type: "import-started", requestId });
            return;
          }
          awaitingConsent.set(start.consentId, [...(awaitingConsent.get(start.consentId) ?? []), requestId]);
          post({ type: "consent-asked", requestId });
          return;
        }
        case "cancel-import":
          await sendToBackground({ type: "import/cancel" });
          post({ type: "import-cancelled", requestId });
          return;
        case "get-imported":
          await sendImported(requestId);
          return;
      }
    } catch (error) {
      const code = error instanceof MessageFailed ? error.code : "failed";
      post({
        type: "error",
        requestId,
        code,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async function sendImported(requestId: string): Promise<void> {
    const { profile, avatar } = await sendToBackground<BridgeProfile>({ type: "bridge/get-profile" });
    post({ type: "imported-profile", requestId, profile, avatar: avatar ? decodeAvatar(avatar) : null });
    const counts = { following: 0, followers: 0 };
    for (const list of ["following", "followers"] satisfies FollowList[]) {
      let after: string | null = null;
      for (;;) {
        const { rows }: { rows: ImportedFollow[] } = await sendToBackground({
          type: "bridge/get-follows",
          list,
          after,
          limit: BRIDGE_CHUNK_ROWS,
        });
        if (rows.length > 0) post({ type: "imported-follows", requestId, list, rows });
        counts[list] += rows.length;
        if (rows.length < BRIDGE_CHUNK_ROWS) break;
        after = rows[rows.length - 1]!.handle;
      }
    }
    post({ type: "imported-end", requestId, counts });
  }

  /** The background says how the person answered a site's start-import. */
  const onDecision = (message: unknown, sender: Browser.runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id) return undefined;
    const parsed = v.safeParse(BridgeTabMessage, message);
    if (!parsed.success) return undefined;
    const { id, outcome, message: why } = parsed.output;
    for (const requestId of awaitingConsent.get(id) ?? []) {
      if (outcome === "allowed") post({ type: "import-started", requestId });
      else post({ type: "error", requestId, code: outcome, message: why });
    }
    awaitingConsent.delete(id);
    return Promise.resolve(answer(null));
  };

  // Requests that arrive before the background answered wait for it, in order.
  const allowed = pageAllowed();
  const onMessage = (event: MessageEvent) => {
    const message = readBridgeMessage(PageMessage, event, win);
    if (message) void allowed.then((yes) => (yes ? handle(message) : undefined));
  };
  let stopped = false;
  let stopWatching = () => {};
  const stop = () => {
    stopped = true;
    win.removeEventListener("message", onMessage);
    browser.runtime.onMessage.removeListener(onDecision);
    stopWatching();
  };
  win.addEventListener("message", onMessage);
  browser.runtime.onMessage.addListener(onDecision);
  void allowed.then((yes) => {
    if (!yes) stop();
    else if (!stopped) stopWatching = watchProgress((progress) => post({ type: "progress", progress }));
  });
  return stop;
}
