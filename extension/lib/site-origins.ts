/**
 * Which P92 sites the bridge content script runs on: the built-in one, plus origins the person
 * added in the options page and granted the browser permission for. The bridge only hands data to
 * these exact origins; a page anywhere else gets no content script (in Firefox, another port of
 * the same host does get one: match-patterns.ts) and in any case no answer.
 */
import { browser } from "wxt/browser";
import { BUILT_SITE_ORIGIN, originPattern } from "./build-env.ts";
import { t } from "./i18n.ts";

export const ADDED_SITES_KEY = "siteOrigins";
const REGISTRATION_PREFIX = "p92-bridge ";
export const BRIDGE_SCRIPT_FILE = "content-scripts/bridge.js";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * An origin as a person may type it ("p92.example", "https://p92.example/feed"): https for any
 * host, plain http only for this computer, since the bridge hands over personal data; one exact
 * origin, never a pattern such as `*.example.com`.
 */
export function normalizeSiteOrigin(
  input: string,
): { ok: true; origin: string } | { ok: false; message: string } {
  const text = input.trim();
  if (!text) return { ok: false, message: t("siteMissing") };
  if (text.includes("*")) return { ok: false, message: t("siteWildcard") };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return { ok: false, message: t("siteNotAddress", text) };
  }
  if (url.protocol === "http:" && !LOOPBACK.has(url.hostname)) {
    return { ok: false, message: t("siteHttpsOnly") };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { ok: false, message: t("siteScheme") };
  }
  // "%2A" in a host name decodes to "*": a pattern again, not one site.
  if (url.hostname.includes("*")) return { ok: false, message: t("siteWildcard") };
  if (url.username || url.password) return { ok: false, message: t("siteCredentials") };
  return { ok: true, origin: url.origin };
}

export async function readAddedSites(): Promise<string[]> {
  const stored = (await browser.storage.local.get(ADDED_SITES_KEY))[ADDED_SITES_KEY];
  return Array.isArray(stored) ? stored.filter((o): o is string => typeof o === "string") : [];
}

export async function writeAddedSites(origins: string[]): Promise<void> {
  await browser.storage.local.set({ [ADDED_SITES_KEY]: [...new Set(origins)] });
}

/** The origins the bridge may answer right now: built-in, plus added ones still granted. */
export async function allowedSiteOrigins(): Promise<string[]> {
  const allowed = [BUILT_SITE_ORIGIN];
  for (const origin of await readAddedSites()) {
    if (
      origin !== BUILT_SITE_ORIGIN &&
      (await browser.permissions.contains({ origins: [originPattern(origin)] }))
    ) {
      allowed.push(origin);
    }
  }
  return allowed;
}

/**
 * What to change in the registered bridge scripts: one registration per match pattern (in
 * Firefox, two sites on two ports of one host share a pattern, and the bridge must run once per
 * page), none for the built-in site's pattern (the manifest's content script covers it), and
 * registrations whose pattern is no longer wanted (a site removed, a permission revoked, or an
 * older registration named by origin) removed.
 */
export function planBridgeRegistrations(
  addedAllowed: string[],
  registeredIds: string[],
  pattern: (origin: string) => string,
): { stale: string[]; missing: string[] } {
  const builtIn = pattern(BUILT_SITE_ORIGIN);
  const wanted = new Set(addedAllowed.map(pattern).filter((p) => p !== builtIn));
  const ours = registeredIds.filter((id) => id.startsWith(REGISTRATION_PREFIX));
  const have = new Set(ours.map((id) => id.slice(REGISTRATION_PREFIX.length)));
  return {
    stale: ours.filter((id) => !wanted.has(id.slice(REGISTRATION_PREFIX.length))),
    missing: [...wanted].filter((p) => !have.has(p)),
  };
}

/**
 * Whether the host permission for `origin`'s pattern can be given back when the person removes
 * that site: not while the built-in site or another added site still needs the same pattern.
 */
export function patternFreedBy(
  origin: string,
  remaining: string[],
  pattern: (origin: string) => string,
): boolean {
  const freed = pattern(origin);
  return ![BUILT_SITE_ORIGIN, ...remaining].some((o) => pattern(o) === freed);
}

let syncing: Promise<void> = Promise.resolve();

/**
 * Makes the dynamically registered bridge scripts match the allowed added origins: registers the
 * missing ones and unregisters those removed or whose permission was revoked. One at a time:
 * adding a site asks for a sync and also fires `permissions.onAdded`, which asks for another, and
 * two overlapping syncs would register (or unregister) the same script twice, which fails.
 */
export function syncBridgeRegistrations(): Promise<void> {
  const done = syncing.then(syncOnce, syncOnce);
  syncing = done.catch(() => undefined);
  return done;
}

async function syncOnce(): Promise<void> {
  const added = (await allowedSiteOrigins()).filter((o) => o !== BUILT_SITE_ORIGIN);
  const registered = await browser.scripting.getRegisteredContentScripts();
  const { stale, missing } = planBridgeRegistrations(
    added,
    registered.map((s) => s.id),
    originPattern,
  );
  if (stale.length > 0) await browser.scripting.unregisterContentScripts({ ids: stale });
  if (missing.length > 0) {
    await browser.scripting.registerContentScripts(
      missing.map((matches) => ({
        id: `${REGISTRATION_PREFIX}${matches}`,
        matches: [matches],
        js: [BRIDGE_SCRIPT_FILE],
        runAt: "document_start" as const,
        persistAcrossSessions: true,
      })),
    );
  }
}
