import type { BrowserContext, Page, Worker } from "@playwright/test";
import { expect, test as base } from "../support/fixtures.ts";
import {
  routeInstagram,
  signIn,
  startFakeInstagram,
  type FakeInstagramState,
} from "../../fake-instagram/server.ts";

/**
 * Waits short enough for a test; stored under the extension's explicit test key, which the
 * shipped extension never sets (a unit test checks the shipped defaults).
 */
export const TEST_PACING = {
  pageDelayMinMs: 20,
  pageDelayMaxMs: 40,
  longPauseEvery: 4,
  longPauseMinMs: 60,
  longPauseMaxMs: 80,
  backoffStartMs: 2500,
  backoffMaxMs: 5000,
};

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

export interface StoredImport {
  profile: Record<string, unknown> & { avatarType: string | null; avatarSize: number };
  following: Record<string, unknown>[];
  followers: Record<string, unknown>[];
  importState: Record<string, unknown>[];
}

/** Reads the extension's own IndexedDB (database `p92`) from its service worker. */
export function readExtensionDb(worker: Worker): Promise<StoredImport> {
  return worker.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open("p92");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = (store: string) =>
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
        request.onerror = () => reject(request.error);
      });
    const [profiles, follows, importState] = await Promise.all([
      all("profile"),
      all("follows"),
      all("importState"),
    ]);
    db.close();
    const self = profiles[0] ?? {};
    const avatar = self.avatar instanceof Blob ? self.avatar : null;
    return {
      profile: {
        ...self,
        avatar: undefined,
        avatarType: avatar?.type ?? null,
        avatarSize: avatar?.size ?? 0,
      },
      following: follows.filter((f) => f.list === "following"),
      followers: follows.filter((f) => f.list === "followers"),
      importState,
    };
  });
}

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
