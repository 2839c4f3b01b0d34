import type { Locale } from "../i18n/index.ts";
import { MEDIA_CACHE_NAME } from "./app-worker.ts";
import { db } from "./db.ts";

/** Where this device syncs and as whom; null when no account is signed in. */
export interface Session {
  serverUrl: string;
  token: string;
  handle: string;
}

/** The keys the site keeps in the `settings` table. */
export const SETTING = {
  session: "site.session",
  serverUrl: "site.serverUrl",
  locale: "site.locale",
  syncCursor: "site.syncCursor",
  draft: "site.draft",
  /** What another app shared into P92, until the composer takes it (share.ts). */
  share: "site.share",
  /** Whether the person agreed to upload their Instagram lists ("accepted") or said no ("declined"). */
  graphUploadChoice: "graph.uploadChoice",
  /** The words and phrases muted on this device (muted-words.ts). */
  mutedWords: "site.mutedWords",
} as const;

export async function readSetting<T>(key: string): Promise<T | undefined> {
  const row = await db.settings.get(key);
  return row?.value as T | undefined;
}

export async function writeSetting(key: string, value: unknown): Promise<void> {
  if (value === undefined || value === null) await db.settings.delete(key);
  else await db.settings.put({ key, value });
}

/** Whether the person agreed to upload their Instagram lists; null until they answered. */
export type UploadChoice = "accepted" | "declined";

export async function readUploadChoice(): Promise<UploadChoice | null> {
  return (await readSetting<UploadChoice>(SETTING.graphUploadChoice)) ?? null;
}

export async function saveUploadChoice(choice: UploadChoice): Promise<void> {
  await writeSetting(SETTING.graphUploadChoice, choice);
}

export async function loadPreferences(): Promise<{
  session: Session | null;
  locale: Locale | null;
  serverUrl: string | null;
}> {
  // One request for the three, since the first paint waits on it.
  const [session, locale, serverUrl] = (
    await db.settings.bulkGet([SETTING.session, SETTING.locale, SETTING.serverUrl])
  ).map((row) => row?.value) as [Session | undefined, Locale | undefined, string | undefined];
  return { session: session ?? null, locale: locale ?? null, serverUrl: serverUrl ?? null };
}

/** Names an account on a server, to tell whose unsent operations are whose. */
export function accountKey(session: Session): string {
  return `${session.handle} ${session.serverUrl}`;
}

/**
 * Signing out forgets the token and the sync cursor; posts and drafts stay on the device. Unsent
 * operations stay too, marked as the leaving account's, so they wait for it and are never sent
 * under the next person who signs in here.
 */
export async function clearSession(leaving: Session | null): Promise<void> {
  await db.transaction("rw", db.settings, db.outbox, async () => {
    await db.settings.bulkDelete([SETTING.session, SETTING.syncCursor]);
    if (leaving) {
      const account = accountKey(leaving);
      await db.outbox.filter((row) => row.account === undefined).modify({ account });
    }
  });
}

/**
 * Deletes the whole database (every table, for the site and the extension alike on this origin)
 * and the pictures the service worker kept; the app's own files stay, so the site still opens.
 */
export async function deleteAllLocalData(): Promise<void> {
  db.close();
  await db.delete();
  await db.open();
  // A browser that refuses Cache Storage (some private windows) kept no pictures either.
  if (typeof caches !== "undefined") await caches.delete(MEDIA_CACHE_NAME).catch(() => undefined);
}
