/**
 * The extension's end of the site bridge (protocol: shared/bridge.ts). It runs as a content
 * script on allowed P92 site origins only, answers the page's requests from the background, and
 * forwards progress. Messages that fail `readBridgeMessage` (other window, other origin, other
 * shape) get no answer at all.
 */
import { browser } from "wxt/browser";
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
import { MessageFailed, sendToBackground } from "../messages.ts";
import { watchProgress } from "../progress.ts";

export function startPageBridge(win: Window): () => void {
  const post = (body: BridgeBody<ExtensionMessage>) =>
    win.postMessage(extensionMessage(body), win.location.origin);

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
        case "start-import":
          await sendToBackground({ type: "import/start" });
          post({ type: "import-started", requestId });
          return;
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

  const onMessage = (event: MessageEvent) => {
    const message = readBridgeMessage(PageMessage, event, win);
    if (message) void handle(message);
  };
  win.addEventListener("message", onMessage);
  const stopWatching = watchProgress((progress) => post({ type: "progress", progress }));
  return () => {
    win.removeEventListener("message", onMessage);
    stopWatching();
  };
}
