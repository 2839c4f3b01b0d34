/**
 * Which P92 sites the bridge content script runs on: the built-in one, plus origins the person
 * added in the options page and granted the browser permission for. The bridge only hands data to
 * these exact origins; a page anywhere else gets no content script and so no answer.
 */
import { browser } from "wxt/browser";
import { BUILT_SITE_ORIGIN } from "./build-env.ts";
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

/** The match pattern for every page of an origin (ports are part of the origin). */
export const originPattern = (origin: string) => `${origin}/*`;

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
 * Makes the dynamically registered bridge scripts match the allowed added origins: registers the
 * missing ones and unregisters those removed or whose permission was revoked.
 */
export async function syncBridgeRegistrations(): Promise<void> {
  const wanted = new Set((await allowedSiteOrigins()).filter((o) => o !== BUILT_SITE_ORIGIN));
  const registered = await browser.scripting.getRegisteredContentScripts();
  const ours = registered.filter((s) => s.id.startsWith(REGISTRATION_PREFIX));
  const stale = ours.filter((s) => !wanted.has(s.id.slice(REGISTRATION_PREFIX.length))).map((s) => s.id);
  if (stale.length > 0) await browser.scripting.unregisterContentScripts({ ids: stale });
  const have = new Set(ours.map((s) => s.id.slice(REGISTRATION_PREFIX.length)));
  const missing = [...wanted].filter((o) => !have.has(o));
  if (missing.length > 0) {
    await browser.scripting.registerContentScripts(
      missing.map((origin) => ({
        id: `${REGISTRATION_PREFIX}${origin}`,
        matches: [originPattern(origin)],
        js: [BRIDGE_SCRIPT_FILE],
        runAt: "document_start" as const,
        persistAcrossSessions: true,
      })),
    );
  }
}
