import { effect, signal } from "@preact/signals";
import { profilePath } from "../../shared/site-paths.ts";
import { t, tn } from "../i18n/index.ts";
import { callApi } from "./api.ts";
import { composerTarget, focusComposer, ready, session } from "./store.ts";
import { SYNC_INTERVAL_MS } from "./sync/scheduler.ts";

/** Unread notifications of the signed-in account; null until known. Set here and by the notifications page. */
export const unreadCount = signal<number | null>(null);

/** Most the badge shows; more reads "99+". */
const BADGE_MAX = 99;

/**
 * Keeps the layout's navigation (layouts/Base.astro) true to the reader: the Profile tab leads to
 * their own profile, what a visitor without an account cannot use is hidden, and Notifications
 * carries the unread count, asked for as often as sync runs while the page is shown.
 */
export function startNav(): void {
  const root = document.documentElement;
  const profile = document.querySelector<HTMLAnchorElement>('.app-nav a[data-nav="profile"]');
  effect(() => {
    if (!ready.value) return;
    const me = session.value;
    root.dataset.session = me ? "in" : "out";
    if (!profile) return;
    profile.href = me ? profilePath(me.handle) : "/";
    const own = me !== null && decodeURIComponent(location.pathname) === profilePath(me.handle);
    if (own) profile.setAttribute("aria-current", "page");
    else profile.removeAttribute("aria-current");
  });

  // "New post" on the home page opens its composer without loading the page again (a reply or
  // quote being written there is not a new post: the page is loaded again, with its draft).
  document.querySelector('.app-nav a[data-nav="compose"]')?.addEventListener("click", (event) => {
    if (location.pathname !== "/" || composerTarget.value || !document.getElementById("composer-text"))
      return;
    event.preventDefault();
    focusComposer();
  });

  const badge = document.querySelector<HTMLElement>("[data-unread]");
  const link = badge?.closest("a");
  effect(() => {
    const count = unreadCount.value;
    if (!badge || !link) return;
    badge.hidden = !count;
    badge.textContent = count ? (count > BADGE_MAX ? `${BADGE_MAX}+` : String(count)) : "";
    badge.setAttribute("aria-hidden", "true");
    // The count is part of the link's name ("Notifications, 3 unread"), not read out twice.
    const name = t("nav.notifications");
    link.setAttribute("aria-label", count ? `${name}, ${tn("notifications.unread", count)}` : name);
  });

  const refresh = () => {
    const me = session.value;
    if (!me || document.visibilityState !== "visible" || !navigator.onLine) return;
    callApi<{ unread: number }>(me.serverUrl, "/api/notifications?limit=1", { token: me.token }).then(
      (answer) => (unreadCount.value = answer.unread),
      () => undefined,
    );
  };
  effect(() => {
    if (ready.value && session.value) refresh();
    else unreadCount.value = null;
  });
  setInterval(refresh, SYNC_INTERVAL_MS);
  document.addEventListener("visibilitychange", refresh);
}
