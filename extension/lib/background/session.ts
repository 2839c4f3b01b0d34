/**
 * The import session: when the current import started (so a resumed import knows which lists it
 * already finished), whether it finished, and which Instagram tab runs it. Kept in extension
 * storage because the service worker may be stopped between two pages.
 */
import * as v from "valibot";
import { browser } from "wxt/browser";

export const SESSION_KEY = "importSession";

const ImportSession = v.object({
  startedAt: v.string(),
  finished: v.boolean(),
  tabId: v.nullable(v.number()),
  /** The extension opened that tab in the background, so it closes it when done. */
  openedByUs: v.boolean(),
});
export type ImportSession = v.InferOutput<typeof ImportSession>;

export async function loadSession(): Promise<ImportSession | null> {
  const parsed = v.safeParse(ImportSession, (await browser.storage.local.get(SESSION_KEY))[SESSION_KEY]);
  return parsed.success ? parsed.output : null;
}

export async function saveSession(session: ImportSession): Promise<void> {
  await browser.storage.local.set({ [SESSION_KEY]: session });
}
