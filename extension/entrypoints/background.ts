import { browser } from "wxt/browser";
import { defineBackground } from "wxt/utils/define-background";
import { DATABASE_NAME, P92Database } from "../../shared/db/schema.ts";
import { consentWindowClosed } from "../lib/background/consent-prompt.ts";
import { onTabClosed, recoverAfterRestart } from "../lib/background/coordinator.ts";
import { route } from "../lib/background/router.ts";
import { syncBridgeRegistrations } from "../lib/site-origins.ts";

export default defineBackground(() => {
  const db = new P92Database(DATABASE_NAME);
  browser.runtime.onMessage.addListener((message, sender) => route(db, message, sender));
  browser.tabs.onRemoved.addListener((tabId) => void onTabClosed(db, tabId));
  // Closing a site's confirmation window without answering is a no.
  browser.windows.onRemoved.addListener((windowId) => void consentWindowClosed(windowId));
  // Registered bridge scripts follow the granted site permissions, also when revoked elsewhere.
  const resync = () => void syncBridgeRegistrations().catch((e) => console.warn("P92: bridge sites", e));
  browser.permissions.onAdded.addListener(resync);
  browser.permissions.onRemoved.addListener(resync);
  browser.runtime.onStartup.addListener(() => {
    resync();
    void recoverAfterRestart(db);
  });
  browser.runtime.onInstalled.addListener(resync);
});
