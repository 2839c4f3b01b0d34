/**
 * The import as it runs inside an instagram.com tab: reads Instagram with the page's own session
 * and hands every validated page to the background, which stores it in the extension's database.
 */
import { browser } from "wxt/browser";
import { t } from "../i18n.ts";
import { createInstagramClient, readSession, signedOut } from "../instagram/client.ts";
import { PACING_OVERRIDE_KEY, pacingWith } from "../import/pacing.ts";
import { runImport, type ImportOutcome, type ImportSink, type RunStart } from "../import/run-import.ts";
import { sendToBackground } from "../messages.ts";

/**
 * Firefox runs content-script `fetch` with the extension's identity; `content.fetch` is the
 * page's own, which is what sends Instagram's cookies like the web app.
 */
export function pageFetch(): typeof fetch {
  const content = (globalThis as { content?: { fetch?: typeof fetch } }).content;
  return content?.fetch ? content.fetch.bind(content) : fetch.bind(globalThis);
}

const sink: ImportSink = {
  storeProfile: async (profile) => void (await sendToBackground({ type: "store/profile", profile })),
  beginRun: (list) => sendToBackground<RunStart>({ type: "store/begin-run", list }),
  storePage: async (page) => void (await sendToBackground({ type: "store/page", page })),
  finishRun: async (list, runId) => void (await sendToBackground({ type: "store/finish-run", list, runId })),
  waiting: async (resumeAt) => void (await sendToBackground({ type: "import/waiting", resumeAt })),
};

let running: AbortController | null = null;

async function importHere(signal: AbortSignal): Promise<ImportOutcome> {
  const session = readSession(document.cookie);
  if (!session) return { status: "failed", problem: { code: "signed-out", message: signedOut().message } };
  const override = (await browser.storage.local.get(PACING_OVERRIDE_KEY))[PACING_OVERRIDE_KEY];
  return runImport({
    client: createInstagramClient({ session, fetch: pageFetch() }),
    sink,
    pacing: pacingWith(override),
    signal,
  });
}

/** Starts the import in this tab unless it already runs here; returns at once. */
export function runImportInThisTab(): void {
  if (running) return;
  const controller = new AbortController();
  running = controller;
  void importHere(controller.signal)
    .catch((error: unknown) => ({
      status: "failed" as const,
      problem: { code: "unexpected" as const, message: t("importStopped", String(error)) },
    }))
    .then((outcome) =>
      controller.signal.aborted ? null : sendToBackground({ type: "import/finished", ...outcome }),
    )
    .catch((error: unknown) => console.warn("P92: could not report the end of the import", error))
    .finally(() => {
      if (running === controller) running = null;
    });
}

export function cancelImportInThisTab(): void {
  running?.abort();
  running = null;
}
