import { defineContentScript } from "wxt/utils/define-content-script";
import { startPageBridge } from "../lib/bridge/page-bridge.ts";

declare const __P92_SITE_ORIGIN__: string;

// Listed in the manifest for the built-in P92 site; the options page registers the same file
// (content-scripts/bridge.js) for the origins the person adds.
export default defineContentScript({
  matches: [`${__P92_SITE_ORIGIN__}/*`],
  runAt: "document_start",
  main(ctx) {
    const stop = startPageBridge(window);
    ctx.onInvalidated(stop);
  },
});
