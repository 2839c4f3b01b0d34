import * as v from "valibot";
import { browser } from "wxt/browser";
import { createShadowRootUi } from "wxt/utils/content-script-ui/shadow-root";
import { defineContentScript } from "wxt/utils/define-content-script";
import { IMPORT_BUTTON_CSS, mountImportButton } from "../lib/instagram-tab/import-button.ts";
import { cancelImportInThisTab, pageFetch, runImportInThisTab } from "../lib/instagram-tab/importer.ts";
import { isProfilePathOf, ownHandle } from "../lib/instagram-tab/own-profile.ts";
import { InstagramTabRequest, answer, refuse } from "../lib/messages.ts";

export default defineContentScript({
  matches: ["https://www.instagram.com/*"],
  runAt: "document_idle",
  async main(ctx) {
    browser.runtime.onMessage.addListener(async (message, sender) => {
      const request = v.safeParse(InstagramTabRequest, message);
      if (sender.id !== browser.runtime.id || !request.success)
        return refuse("bad-request", "Unknown request.");
      if (request.output.type === "import/run") runImportInThisTab();
      else cancelImportInThisTab();
      return answer(null);
    });

    const handle = await ownHandle(pageFetch());
    if (!handle) return;
    const ui = await createShadowRootUi<() => void>(ctx, {
      name: "p92-import-button",
      position: "inline",
      anchor: "body",
      css: IMPORT_BUTTON_CSS,
      onMount: (container) => mountImportButton(container),
      onRemove: (stopWatching) => stopWatching?.(),
    });
    // Instagram is a single-page app: show the button on the own profile only, and put it back
    // if the page re-rendered it away.
    const update = () => {
      const own = isProfilePathOf(location.pathname, handle);
      if (own && !ui.shadowHost.isConnected) ui.mount();
      if (!own && ui.shadowHost.isConnected) ui.remove();
    };
    update();
    ctx.addEventListener(window, "wxt:locationchange", update);
    ctx.setInterval(update, 1000);
  },
});
