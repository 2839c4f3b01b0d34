import type { en } from "../i18n/en.ts";

/** Where the app's navigation leads: the tab bar on phones, the rail on wide screens. */
export type Destination =
  "home" | "search" | "compose" | "notifications" | "profile" | "instagram" | "settings";

export interface NavDestination {
  id: Destination;
  /** Where the link leads before the page's script knows more (the profile needs the session). */
  href: string;
  /** Its name, in the catalog every page carries (not the setup pages' one). */
  key: keyof typeof en;
  /** In the phone's tab bar; the others sit in its top bar, and all of them in the rail. */
  tab: boolean;
}

/** The home page with its composer open: the "New post" tab from any page. */
export const COMPOSE_PATH = "/?compose";

export const NAV_DESTINATIONS: readonly NavDestination[] = [
  { id: "home", href: "/", key: "nav.home", tab: true },
  { id: "search", href: "/search/", key: "nav.search", tab: true },
  { id: "compose", href: COMPOSE_PATH, key: "nav.newPost", tab: true },
  { id: "notifications", href: "/notifications/", key: "nav.notifications", tab: true },
  { id: "profile", href: "/", key: "nav.profile", tab: true },
  { id: "instagram", href: "/instagram/", key: "nav.instagram", tab: false },
  { id: "settings", href: "/settings/", key: "nav.settings", tab: false },
];

/**
 * The destination a built page belongs to, marked as the current one. The profile page is
 * everyone's; the page's script marks it current when it shows the reader's own.
 */
export function currentDestination(pathname: string): Destination | null {
  const page = pathname.replace(/\/index\.html$/, "/").replace(/\/?$/, "/");
  const byPath: Record<string, Destination> = {
    "/": "home",
    "/search/": "search",
    "/notifications/": "notifications",
    "/instagram/": "instagram",
    "/settings/": "settings",
  };
  return byPath[page] ?? null;
}
