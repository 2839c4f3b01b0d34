/**
 * Answers runtime messages after checking who sent them: import pages only from the tab running
 * the import, bridge reads only from an allowed P92 site, data deletion and consent answers only
 * from extension pages. A site's start-import starts nothing until a person allowed that exact
 * origin in the extension's confirmation window (consent-prompt.ts).
 */
import * as v from "valibot";
import { browser, type Browser } from "wxt/browser";
import { deleteImportedData, summarizeImported } from "../../../shared/db/imported.ts";
import type { P92Database } from "../../../shared/db/schema.ts";
import { t } from "../i18n.ts";
import { INSTAGRAM_ORIGIN } from "../instagram/client.ts";
import { BackgroundRequest, answer, refuse, type Answer } from "../messages.ts";
import { idleProgress, PROGRESS_KEY } from "../progress.ts";
import { allowedSiteOrigins, syncBridgeRegistrations } from "../site-origins.ts";
import { encodeSummary } from "../stored-summary.ts";
import { readBridgeFollows, readBridgeProfile } from "./bridge-data.ts";
import { cancelImport, importFinished, importWaiting, isImportTab, startImport } from "./coordinator.ts";
import { RecentlyDeclined, answerConsent, consentRequestOrigin, startFromSite } from "./consent-prompt.ts";
import { beginRun, finishRun, storePage, storeProfile } from "./import-store.ts";
import { SESSION_KEY } from "./session.ts";

type Sender = Browser.runtime.MessageSender;

function originOf(sender: Sender): string | null {
  const url = sender.url ?? sender.tab?.url;
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

const fromExtensionPage = (sender: Sender) =>
  sender.id === browser.runtime.id && originOf(sender) === globalThis.location.origin;
const fromInstagram = (sender: Sender) =>
  sender.id === browser.runtime.id && originOf(sender) === INSTAGRAM_ORIGIN;
/** The sender's exact origin when it is an allowed P92 site, else null. */
async function allowedSite(sender: Sender): Promise<string | null> {
  const origin = originOf(sender);
  if (sender.id !== browser.runtime.id || origin === null) return null;
  return (await allowedSiteOrigins()).includes(origin) ? origin : null;
}
const fromAllowedSite = async (sender: Sender) => (await allowedSite(sender)) !== null;

export async function route(db: P92Database, message: unknown, sender: Sender): Promise<Answer<unknown>> {
  const parsed = v.safeParse(BackgroundRequest, message);
  if (!parsed.success) return refuse("bad-request", t("badRequest"));
  const request = parsed.output;
  try {
    switch (request.type) {
      case "import/start": {
        if (fromInstagram(sender)) return answer(await startImport(db, sender.tab?.id ?? null));
        if (fromExtensionPage(sender)) return answer(await startImport(db, null));
        const site = await allowedSite(sender);
        if (site !== null && sender.tab?.id !== undefined) {
          const waiter = { tabId: sender.tab.id, frameId: sender.frameId ?? 0 };
          return answer(await startFromSite(db, site, waiter));
        }
        return refuse("forbidden", t("onlyStartFromP92"));
      }
      case "import/cancel":
        if (!fromExtensionPage(sender) && !fromInstagram(sender) && !(await fromAllowedSite(sender))) {
          return refuse("forbidden", t("onlyCancelFromP92"));
        }
        return answer(await cancelImport(db));
      case "store/profile":
      case "store/begin-run":
      case "store/page":
      case "store/finish-run":
      case "import/waiting":
      case "import/finished": {
        if (!fromInstagram(sender) || !(await isImportTab(sender.tab?.id))) {
          return refuse("not-importing", t("notImportTab"));
        }
        if (request.type === "store/profile") return answer(await storeProfile(db, request.profile));
        if (request.type === "store/begin-run") return answer(await beginRun(db, request.list));
        if (request.type === "store/page") return answer(await storePage(db, request.page));
        if (request.type === "store/finish-run")
          return answer(await finishRun(db, request.list, request.runId));
        if (request.type === "import/waiting") return answer(await importWaiting(db, request.resumeAt));
        return answer(await importFinished(db, request));
      }
      case "bridge/allowed":
        return answer(await fromAllowedSite(sender));
      case "bridge/get-profile":
      case "bridge/get-follows": {
        if (!(await fromAllowedSite(sender))) return refuse("forbidden", t("siteNotAllowed"));
        if (request.type === "bridge/get-profile") return answer(await readBridgeProfile(db));
        return answer(await readBridgeFollows(db, request.list, request.after, request.limit));
      }
      case "data/summary":
        if (!fromExtensionPage(sender)) return refuse("forbidden", t("onlyOptionsRead"));
        return answer(await encodeSummary(await summarizeImported(db)));
      case "data/delete": {
        if (!fromExtensionPage(sender)) return refuse("forbidden", t("onlyOptionsDelete"));
        await cancelImport(db).catch(() => undefined);
        await deleteImportedData(db);
        await browser.storage.local.remove(SESSION_KEY);
        await browser.storage.local.set({ [PROGRESS_KEY]: idleProgress() });
        return answer(null);
      }
      case "consent/get": {
        if (!fromExtensionPage(sender)) return refuse("forbidden", t("onlyConsentRead"));
        const origin = await consentRequestOrigin(request.id);
        return origin === null ? refuse("unknown-request", t("noLongerWaiting")) : answer({ origin });
      }
      case "consent/answer":
        if (!fromExtensionPage(sender)) return refuse("forbidden", t("onlyConsentAnswer"));
        return (await answerConsent(db, request.id, request.allow))
          ? answer(null)
          : refuse("unknown-request", t("noLongerWaiting"));
      case "sites/sync":
        if (!fromExtensionPage(sender)) return refuse("forbidden", t("onlyOptionsSites"));
        await syncBridgeRegistrations();
        return answer(await allowedSiteOrigins());
    }
  } catch (error) {
    if (error instanceof RecentlyDeclined) return refuse("declined", error.message);
    return refuse("failed", error instanceof Error ? error.message : String(error));
  }
}
