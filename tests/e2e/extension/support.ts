import type { BrowserContext, Page, Worker } from "@playwright/test";
import { expect, test as base } from "../support/fixtures.ts";
import {
  routeInstagram,
  signIn,
  startFakeInstagram,
  type FakeInstagramState,
} from "../../fake-instagram/server.ts";
import { readStoredImport, TEST_PACING, type StoredImport } from "../support/extension-state.ts";

export { TEST_PACING };

/** The `chrome` global inside the extension's service worker, for `evaluate`. */
export interface ChromeGlobal {
  chrome: {
    storage: {
      local: { set(items: object): Promise<void>; get(key: string): Promise<Record<string, unknown>> };
    };
    i18n: { getMessage(name: string): string };
  };
}

interface ImportFixtures {
  instagram: FakeInstagramState;
  /** The extension's popup, open in a tab, with Instagram signed in and test pacing. */
  popup: Page;
}

export const test = base.extend<ImportFixtures>({
  instagram: async ({ context, serviceWorker }, use) => {
    const fake = await startFakeInstagram();
    await routeInstagram(context, fake.url);
    await signIn(context);
    await serviceWorker.evaluate(
      (pacing) =>
        (globalThis as unknown as ChromeGlobal).chrome.storage.local.set({ testPacingOverride: pacing }),
      TEST_PACING,
    );
    await use(fake.state);
    await fake.close();
  },
  popup: async ({ context, extensionId, instagram: _ }, use) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    await use(page);
  },
});
export { expect } from "../support/fixtures.ts";

/** Reads the extension's own IndexedDB (database `p92`) from its service worker. */
export const readExtensionDb = (worker: Worker): Promise<StoredImport> => worker.evaluate(readStoredImport);

export async function startFromPopup(popup: Page): Promise<void> {
  await popup.getByRole("button", { name: /Import (from Instagram|again)/ }).click();
}

export async function expectImportDone(popup: Page, timeout = 45_000): Promise<void> {
  await popup
    .getByRole("status")
    .filter({ hasText: /Imported your profile/ })
    .waitFor({ timeout });
}

/** After an interrupted import, Import again at full speed carries both lists to their end. */
export async function importAgainToTheEnd(
  popup: Page,
  worker: Worker,
  instagram: FakeInstagramState,
): Promise<void> {
  instagram.listDelayMs = 0;
  await startFromPopup(popup);
  await expectImportDone(popup);
  const stored = await readExtensionDb(worker);
  expect(stored.followers).toHaveLength(1234);
  expect(stored.following).toHaveLength(321);
}

export const instagramPages = (context: BrowserContext) =>
  context.pages().filter((p) => p.url().startsWith("https://www.instagram.com"));

/**
 * What a person does when a P92 site asks to start an import it was not allowed to start yet:
 * `ask` makes the page ask, the extension's confirmation window opens (a new page of the
 * context), and they click `choice` there. Answers the window, which closes once answered.
 */
export async function answerImportPrompt(
  context: BrowserContext,
  ask: () => Promise<unknown>,
  choice: "Allow and import" | "Cancel",
): Promise<Page> {
  const opened = context.waitForEvent("page");
  await ask();
  const prompt = await opened;
  await prompt.waitForURL(/\/consent\.html\?request=/);
  await answerPrompt(prompt, choice);
  return prompt;
}

/**
 * Clicks `choice` in an open confirmation window. The extension closes the window as soon as it
 * has the answer, sometimes before the click itself has returned: that is the click working.
 */
export async function answerPrompt(prompt: Page, choice: "Allow and import" | "Cancel"): Promise<void> {
  await prompt
    .getByRole("button", { name: choice })
    .click()
    .catch((error: unknown) => {
      if (!prompt.isClosed()) throw error;
    });
}

/** The import's progress as the extension stored it (null before any import). */
export async function storedProgress(worker: Worker): Promise<{ status: string } | null> {
  const stored = await worker.evaluate(() =>
    (globalThis as unknown as ChromeGlobal).chrome.storage.local.get("importProgress"),
  );
  return (stored.importProgress as { status: string } | undefined) ?? null;
}
