import type { LimitedReplies } from "../../shared/reply-policy.ts";
import { computed, signal } from "@preact/signals";
import { browserLocale, locale, showLocale, type Locale } from "../i18n/index.ts";
import { callApi } from "./api.ts";
import type { FeedItem } from "./posts.ts";
import { SETTING, clearSession, loadPreferences, writeSetting, type Session } from "./settings.ts";
import type { SyncOutcome } from "./sync/engine.ts";

/**
 * State shared by the islands of a page, as signals, changed only through the named actions
 * below (nothing else assigns them). Data itself (posts, profile) is read from IndexedDB with
 * useLiveQuery, not kept here.
 */
export const session = signal<Session | null>(null);
/** True once the stored preferences are read, so islands do not flash the signed-out screen. */
export const ready = signal(false);
export const online = signal(typeof navigator === "undefined" ? true : navigator.onLine);
/** The server this device talks to: the session's, else the one chosen in settings, else this origin. */
export const serverUrl = signal<string>(typeof location === "undefined" ? "" : location.origin);
export const signedIn = computed(() => session.value !== null);

let started: Promise<void> | null = null;

/** Reads the preferences once per page and follows the network state. */
export function startStore(): Promise<void> {
  started ??= (async () => {
    const prefs = await loadPreferences();
    await applyLocale(prefs.locale ?? browserLocale());
    session.value = prefs.session;
    if (prefs.session) serverUrl.value = prefs.session.serverUrl;
    else if (prefs.serverUrl) serverUrl.value = prefs.serverUrl;
    ready.value = true;
    addEventListener("online", () => (online.value = true));
    addEventListener("offline", () => (online.value = false));
  })();
  return started;
}

async function applyLocale(value: Locale): Promise<void> {
  await showLocale(value);
  document.documentElement.lang = locale.value;
}

/**
 * Keeps a session on this device without switching the page to it yet (a new account whose
 * archive is being imported): a reload then opens it.
 */
export async function keepSession(next: Session): Promise<void> {
  await writeSetting(SETTING.session, next);
}

/** Pins the language, or follows the browser's again with null. */
export async function setLocale(value: Locale | null): Promise<void> {
  await applyLocale(value ?? browserLocale());
  await writeSetting(SETTING.locale, value);
}

export async function signIn(next: Session): Promise<void> {
  await keepSession(next);
  session.value = next;
  serverUrl.value = next.serverUrl;
}

/**
 * Forgets the token on this device; the server is asked to revoke it when it can be reached
 * (`revoke: false` when the server already did, e.g. after signing out everywhere).
 */
export async function signOut(options: { revoke: boolean } = { revoke: true }): Promise<void> {
  const current = session.value;
  if (current && options.revoke)
    void callApi(current.serverUrl, "/api/auth/sign-out", { method: "POST", token: current.token }).catch(
      () => undefined,
    );
  await clearSession(current);
  session.value = null;
}

export async function setServerUrl(url: string): Promise<void> {
  await writeSetting(SETTING.serverUrl, url);
  if (!session.value) serverUrl.value = url;
}

/** What the composer answers, when it replies to or quotes a post. */
export interface ComposerTarget {
  mode: "reply" | "quote";
  postId: string;
  author: string;
  /** The start of the post's text, shown in the composer (a phone's sheet hides the post). */
  excerpt?: string;
  /** Who its author lets reply, when not anyone: said before a reply is written. */
  replyPolicy?: LimitedReplies;
  /**
   * Put back from a saved draft: the composer at the top of the page holds it, since the post it
   * answers may not be on the screen (a reply chosen now is written under its post).
   */
  restored?: boolean;
}

/** The post whose reply is being written under it, if any. */
export const replyingUnder = computed(() => {
  const target = composerTarget.value;
  return target?.mode === "reply" && !target.restored ? target.postId : null;
});
export const composerTarget = signal<ComposerTarget | null>(null);

/** How much of the answered post the composer shows. */
const EXCERPT_CHARS = 140;

/** Opens the composer to reply to or quote a post, and puts the cursor in it. */
export function openComposer(
  mode: ComposerTarget["mode"],
  post: { id: string; author: string; text?: string; replyPolicy?: LimitedReplies },
): void {
  const text = post.text ?? "";
  const excerpt = text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS).trimEnd()}…` : text;
  const rule = mode === "reply" && post.replyPolicy ? { replyPolicy: post.replyPolicy } : {};
  composerTarget.value = { mode, postId: post.id, author: post.author, excerpt, ...rule };
  focusComposer();
}

/** The control that asked for the composer (Reply, Quote, New post): the focus goes back to it. */
let composerOpener: Element | null = null;

/** Puts the cursor in the composer (once it is rendered), which opens it. */
export function focusComposer(): void {
  composerOpener = document.activeElement;
  requestAnimationFrame(() => document.getElementById("composer-text")?.focus());
}

/** Who asked for the composer since it last opened, once. */
export function takeComposerOpener(): Element | null {
  const opener = composerOpener;
  composerOpener = null;
  return opener;
}

export function closeComposer(): void {
  composerTarget.value = null;
}

/** Puts back the target of a draft saved before a reload, without moving the focus. */
export function restoreComposerTarget(target: ComposerTarget | null): void {
  composerTarget.value = target && { ...target, restored: true };
}

/** True while a sync runs; the outcome of the last one (a 401 says the session ended). */
export const syncing = signal(false);
export const lastSync = signal<SyncOutcome | null>(null);

export function setSyncing(running: boolean): void {
  syncing.value = running;
}

export function recordSync(outcome: SyncOutcome): void {
  lastSync.value = outcome;
}

/**
 * The first screen of the Everyone tab, read from the device before the session is known (see
 * feed.ts), so the first post paints without waiting for the preferences.
 */
export const prefetchedFeed = signal<FeedItem[] | undefined>(undefined);

export function showPrefetchedFeed(items: FeedItem[]): void {
  prefetchedFeed.value = items;
}
