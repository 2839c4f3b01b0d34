/**
 * The match pattern that covers every page of a P92 site, in the manifest (content script and host
 * permission), in the bridge scripts registered for added sites, and in permission requests.
 *
 * Chrome matches the port a pattern names, so its pattern is the exact origin. Firefox does not:
 * a pattern with a port never matches a page there (measured with Firefox ESR 153: the bridge never
 * ran on `http://localhost:4321/*`), so its pattern names the scheme and host alone and covers
 * every port of that host. The exact origin, port included, is then checked in code: the bridge
 * answers a page only after the background confirmed that page's origin is an allowed site
 * (`bridge/allowed`, lib/background/router.ts), and every request it forwards is checked again there.
 *
 * No imports: wxt.config.ts uses it for the manifest.
 */
export type TargetBrowser = "chrome" | "firefox";

export function sitePattern(origin: string, browser: TargetBrowser): string {
  const url = new URL(origin);
  return browser === "firefox" ? `${url.protocol}//${url.hostname}/*` : `${url.origin}/*`;
}

/** Which browser a build is for: WXT's `-b` flag (anything but Firefox behaves like Chrome). */
export const targetBrowser = (browser: string): TargetBrowser =>
  browser === "firefox" ? "firefox" : "chrome";
