/**
 * Starts, cancels and ends imports, whoever asked (popup, the button on Instagram, the site). The
 * import itself runs in an instagram.com tab (same-origin requests with the person's session):
 * the one that asked, else any open one, else one opened in the background and closed after.
 */
import { browser } from "wxt/browser";
import type { ImportProgress } from "../../../shared/import-progress.ts";
import { pauseFollowRuns } from "../../../shared/db/imported.ts";
import type { P92Database } from "../../../shared/db/schema.ts";
import { t } from "../i18n.ts";
import { INSTAGRAM_ORIGIN } from "../instagram/client.ts";
import { sendToInstagramTab } from "../messages.ts";
import { isActive, loadProgress } from "../progress.ts";
import { updateProgress } from "./progress-writer.ts";
import { loadSession, saveSession } from "./session.ts";

const INSTAGRAM_TABS = `${INSTAGRAM_ORIGIN}/*`;
/** How long a freshly opened Instagram tab gets to load its content script. */
const TAB_READY_TIMEOUT_MS = 30_000;
const TAB_RELOAD_AFTER_MS = 1_500;

async function tabExists(tabId: number): Promise<boolean> {
  try {
    await browser.tabs.get(tabId);
    return true;
  } catch {
    return false;
  }
}

async function askTabToRun(tabId: number): Promise<boolean> {
  const started = Date.now();
  let reloaded = false;
  while (Date.now() < started + TAB_READY_TIMEOUT_MS) {
    // A tab that failed to load (a network hiccup, an error page) gets one reload.
    const loaded = await browser.tabs.get(tabId).then(
      (tab) => tab.status === "complete",
      () => false,
    );
    if (!reloaded && loaded && Date.now() > started + TAB_RELOAD_AFTER_MS) {
      reloaded = true;
      await browser.tabs.reload(tabId).catch(() => undefined);
    }
    try {
      await sendToInstagramTab(tabId, { type: "import/run" });
      return true;
    } catch {
      // The tab is still loading: its content script is not listening yet.
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return false;
}

/** Starts an import, or resumes the one that stopped; does nothing if one is already running. */
export async function startImport(db: P92Database, fromTabId: number | null): Promise<ImportProgress> {
  const [progress, previous] = await Promise.all([loadProgress(), loadSession()]);
  if (isActive(progress) && previous?.tabId != null && (await tabExists(previous.tabId))) return progress;

  let tabId = fromTabId;
  let openedByUs = false;
  if (tabId === null) {
    const [open] = await browser.tabs.query({ url: INSTAGRAM_TABS });
    tabId = open?.id ?? null;
  }
  if (tabId === null) {
    const tab = await browser.tabs.create({ url: `${INSTAGRAM_ORIGIN}/`, active: false });
    tabId = tab.id ?? null;
    openedByUs = true;
  }
  const resume = previous !== null && !previous.finished;
  await saveSession({
    startedAt: resume ? previous.startedAt : new Date().toISOString(),
    finished: false,
    tabId,
    openedByUs,
  });
  const started = await updateProgress(db, { status: "running", problem: null, resumeAt: null });
  // Answer at once: a freshly opened tab may take seconds to load, and whoever asked (the popup,
  // the site) follows the progress anyway.
  void (async () => {
    if (tabId === null || !(await askTabToRun(tabId))) {
      await failAndClose(db, t("noInstagramTab"));
    }
  })();
  return started;
}

async function failAndClose(db: P92Database, message: string): Promise<ImportProgress> {
  await pauseFollowRuns(db);
  await closeOurTab();
  return updateProgress(db, { status: "failed", problem: { code: "no-instagram-tab", message } });
}

async function closeOurTab(): Promise<void> {
  const session = await loadSession();
  if (!session) return;
  await saveSession({ ...session, tabId: null, openedByUs: false });
  if (session.openedByUs && session.tabId !== null)
    await browser.tabs.remove(session.tabId).catch(() => undefined);
}

export async function cancelImport(db: P92Database): Promise<ImportProgress> {
  const session = await loadSession();
  if (session?.tabId != null) {
    await sendToInstagramTab(session.tabId, { type: "import/cancel" }).catch(() => undefined);
  }
  await pauseFollowRuns(db);
  await closeOurTab();
  return updateProgress(db, {
    status: "cancelled",
    problem: { code: "cancelled", message: t("cancelledContinue") },
  });
}

/** The Instagram tab reports how the import ended. */
export async function importFinished(
  db: P92Database,
  outcome: { status: "done" | "cancelled" | "failed"; problem: ImportProgress["problem"] },
): Promise<ImportProgress> {
  const session = await loadSession();
  if (session) await saveSession({ ...session, finished: outcome.status === "done" });
  if (outcome.status !== "done") await pauseFollowRuns(db);
  await closeOurTab();
  return updateProgress(db, { status: outcome.status, problem: outcome.problem });
}

export function importWaiting(db: P92Database, resumeAt: string | null): Promise<ImportProgress> {
  return updateProgress(
    db,
    resumeAt ? { status: "waiting", resumeAt } : { status: "running", resumeAt: null },
  );
}

/** The tab running the import was closed: the import stops where it was and resumes next time. */
export async function onTabClosed(db: P92Database, tabId: number): Promise<void> {
  const session = await loadSession();
  if (session?.tabId !== tabId) return;
  await saveSession({ ...session, tabId: null, openedByUs: false });
  await stopWithoutTab(db, t("tabClosed"));
}

/** No tab runs the import any more: pause the runs (their cursors are kept) and say why. */
async function stopWithoutTab(db: P92Database, message: string): Promise<void> {
  if (!isActive(await loadProgress())) return;
  await pauseFollowRuns(db);
  await updateProgress(db, { status: "cancelled", problem: { code: "no-instagram-tab", message } });
}

/** Whether `tabId` is the tab the current import runs in (pages from other tabs are refused). */
export async function isImportTab(tabId: number | undefined): Promise<boolean> {
  const session = await loadSession();
  return tabId !== undefined && session?.tabId === tabId;
}

/** After a browser restart no tab runs the import any more: say so, keep the cursor for a resume. */
export async function recoverAfterRestart(db: P92Database): Promise<void> {
  const session = await loadSession();
  if (session) await saveSession({ ...session, tabId: null, openedByUs: false });
  await stopWithoutTab(db, t("browserClosed"));
}
