/**
 * Which P92 sites may start an import by themselves. A site the bridge answers may read what was
 * imported, but starting an import takes a person's click in the extension: the first time a site
 * asks, the extension opens its own confirmation window (lib/background/consent-prompt.ts), and
 * "Allow and import" remembers that exact origin (scheme, host and port) here. The options page
 * lists these origins and revokes them.
 */
import { browser } from "wxt/browser";

export const IMPORT_CONSENTS_KEY = "importConsents";

export async function readImportConsents(): Promise<string[]> {
  const stored = (await browser.storage.local.get(IMPORT_CONSENTS_KEY))[IMPORT_CONSENTS_KEY];
  return Array.isArray(stored) ? stored.filter((o): o is string => typeof o === "string") : [];
}

export async function hasImportConsent(origin: string): Promise<boolean> {
  return (await readImportConsents()).includes(origin);
}

export async function grantImportConsent(origin: string): Promise<void> {
  const consents = await readImportConsents();
  if (!consents.includes(origin))
    await browser.storage.local.set({ [IMPORT_CONSENTS_KEY]: [...consents, origin] });
}

export async function revokeImportConsent(origin: string): Promise<void> {
  const consents = await readImportConsents();
  await browser.storage.local.set({ [IMPORT_CONSENTS_KEY]: consents.filter((o) => o !== origin) });
}
