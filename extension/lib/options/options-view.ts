/**
 * The options page: the P92 sites the bridge may answer (adding one asks the browser for that
 * origin, from the click itself, as permission requests must), the sites allowed to start an
 * import (revocable), and what is stored (the background reads it) with "Delete imported data".
 */
import { browser } from "wxt/browser";
import { BUILT_SITE_ORIGIN, originPattern } from "../build-env.ts";
import { formatCount, localizePage, t } from "../i18n.ts";
import { IMPORT_CONSENTS_KEY, readImportConsents, revokeImportConsent } from "../import-consent.ts";
import { sendToBackground } from "../messages.ts";
import { readStoredSummary } from "../stored-summary.ts";
import { normalizeSiteOrigin, patternFreedBy, readAddedSites, writeAddedSites } from "../site-origins.ts";

function byId<T extends HTMLElement>(doc: Document, id: string): T {
  const element = doc.getElementById(id);
  if (!element) throw new Error(`the options page has no #${id}`);
  return element as T;
}

export async function mountOptions(doc: Document): Promise<void> {
  localizePage(doc);
  const sites = byId<HTMLUListElement>(doc, "sites");
  const sitesStatus = byId<HTMLParagraphElement>(doc, "sites-status");
  const consents = byId<HTMLUListElement>(doc, "import-consents");
  const consentsStatus = byId<HTMLParagraphElement>(doc, "consents-status");
  const dataStatus = byId<HTMLParagraphElement>(doc, "data-status");
  const counts = byId<HTMLParagraphElement>(doc, "stored-counts");

  async function renderSites(): Promise<void> {
    const added = await readAddedSites();
    const items = [BUILT_SITE_ORIGIN, ...added.filter((o) => o !== BUILT_SITE_ORIGIN)].map((origin) => {
      const item = doc.createElement("li");
      const name = doc.createElement("span");
      name.textContent = origin;
      item.append(name);
      if (origin === BUILT_SITE_ORIGIN) {
        const tag = doc.createElement("span");
        tag.className = "tag";
        tag.textContent = t("builtIn");
        item.append(" ", tag);
      } else {
        const remove = doc.createElement("button");
        remove.type = "button";
        remove.textContent = t("remove");
        remove.setAttribute("aria-label", t("removeSite", origin));
        remove.addEventListener("click", () =>
          removeSite(origin).catch((error: unknown) => (sitesStatus.textContent = String(error))),
        );
        item.append(" ", remove);
      }
      return item;
    });
    sites.replaceChildren(...items);
  }

  async function renderConsents(): Promise<void> {
    const allowed = await readImportConsents();
    const items = allowed.map((origin) => {
      const item = doc.createElement("li");
      const name = doc.createElement("span");
      name.textContent = origin;
      const revoke = doc.createElement("button");
      revoke.type = "button";
      revoke.textContent = t("revoke");
      revoke.setAttribute("aria-label", t("revokeSite", origin));
      revoke.addEventListener("click", () => void revokeConsent(origin));
      item.append(name, " ", revoke);
      return item;
    });
    if (items.length === 0) {
      const none = doc.createElement("li");
      none.textContent = t("noneYet");
      items.push(none);
    }
    consents.replaceChildren(...items);
  }

  async function revokeConsent(origin: string): Promise<void> {
    await revokeImportConsent(origin);
    consentsStatus.textContent = t("consentRevoked", origin);
    await renderConsents();
  }

  async function renderCounts(): Promise<void> {
    // The background holds the extension's one database; this page asks it.
    const stored = await readStoredSummary();
    counts.textContent = stored
      ? t("storedNow", stored.handle, formatCount(stored.following), formatCount(stored.followers))
      : t("nothingImported");
  }

  async function removeSite(origin: string): Promise<void> {
    const remaining = (await readAddedSites()).filter((o) => o !== origin);
    await writeAddedSites(remaining);
    await revokeImportConsent(origin);
    // In Firefox another site on the same host may still need the same (port-less) permission.
    if (patternFreedBy(origin, remaining, originPattern)) {
      await browser.permissions.remove({ origins: [originPattern(origin)] }).catch(() => false);
    }
    await sendToBackground({ type: "sites/sync" });
    sitesStatus.textContent = t("siteRemoved", origin);
    await Promise.all([renderSites(), renderConsents()]);
  }

  byId<HTMLFormElement>(doc, "add-site").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = byId<HTMLInputElement>(doc, "site-origin");
    const checked = normalizeSiteOrigin(input.value);
    if (!checked.ok) {
      sitesStatus.textContent = checked.message;
      return;
    }
    // Requested synchronously inside the click: browsers only show the prompt for a user gesture.
    void browser.permissions
      .request({ origins: [originPattern(checked.origin)] })
      .then(async (granted) => {
        if (!granted) {
          sitesStatus.textContent = t("permissionRefused", checked.origin);
          return;
        }
        await writeAddedSites([...(await readAddedSites()), checked.origin]);
        await sendToBackground({ type: "sites/sync" });
        input.value = "";
        sitesStatus.textContent = t("siteAdded", checked.origin);
        await renderSites();
      })
      .catch((error: unknown) => (sitesStatus.textContent = String(error)));
  });

  byId<HTMLButtonElement>(doc, "delete-data").addEventListener("click", () => {
    if (!confirm(t("confirmDelete"))) return;
    void sendToBackground({ type: "data/delete" })
      .then(async () => {
        dataStatus.textContent = t("dataDeleted");
        await renderCounts();
      })
      .catch((error: unknown) => (dataStatus.textContent = String(error)));
  });

  // A site allowed in its confirmation window while this page is open shows up at once.
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && IMPORT_CONSENTS_KEY in changes) void renderConsents();
  });
  await Promise.all([renderSites(), renderConsents(), renderCounts()]);
}
