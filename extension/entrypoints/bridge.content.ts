import { defineContentScript } from "wxt/utils/define-content-script";
import { startPageBridge } from "../lib/bridge/page-bridge.ts";
import { BUILT_SITE_ORIGIN, originPattern } from "../lib/build-env.ts";

// Listed in the manifest for the built-in P92 site; the options page registers the same file
// (content-scripts/bridge.js) for the origins the person adds. In Firefox the pattern covers
// every port of the host; the bridge answers only once the background confirmed the exact origin.
export default defineContentScript({
  matches: [originPattern(BUILT_SITE_ORIGIN)],
  runAt: "document_start",
  main(ctx) {
    const stop = startPageBridge(window);
    ctx.onInvalidated(stop);
  },
});
