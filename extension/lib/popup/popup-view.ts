/**
 * The popup: the Instagram account an import carries over (account-card.ts), one button that
 * starts (or resumes) the import, live progress from storage with a bar per list, Cancel, and the
 * way to the P92 site and the options. The import runs in the background and an Instagram tab, so
 * closing the popup changes nothing; reopening it shows where the import stands.
 */
import { ExternalLink, Settings } from "lucide";
import { browser } from "wxt/browser";
import type { ImportProgress, ListProgress } from "../../../shared/import-progress.ts";
import type { FollowList } from "../../../shared/schema/instagram.ts";
import { localizePage, t } from "../i18n.ts";
import { iconElement } from "../icon.ts";
import { INSTAGRAM_SELF_KEY, readInstagramSelf } from "../instagram-self.ts";
import { sendToBackground } from "../messages.ts";
import { isActive, watchProgress } from "../progress.ts";
import { describeList, progressHeadline } from "../progress-text.ts";
import { allowedSiteOrigins } from "../site-origins.ts";
import { readStoredSummary } from "../stored-summary.ts";
import { describeAccount, renderAccountCard } from "./account-card.ts";

function byId<T extends HTMLElement>(doc: Document, id: string): T {
  const element = doc.getElementById(id);
  if (!element) throw new Error(`the popup has no #${id}`);
  return element as T;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** One list's line: its figures in words, and a bar (the words say it to screen readers). */
function listItem(doc: Document, list: FollowList, progress: ListProgress): HTMLLIElement {
  const item = doc.createElement("li");
  const words = doc.createElement("span");
  words.textContent = capitalized(describeList(list, progress));
  const bar = doc.createElement("progress");
  bar.setAttribute("aria-hidden", "true");
  if (progress.done) {
    bar.max = 1;
    bar.value = 1;
  } else if (progress.total) {
    bar.max = progress.total;
    bar.value = Math.min(progress.fetched, progress.total);
  }
  item.append(words, bar);
  return item;
}

export function renderProgress(doc: Document, progress: ImportProgress): void {
  const importButton = byId<HTMLButtonElement>(doc, "import");
  const cancelButton = byId<HTMLButtonElement>(doc, "cancel");
  const lists = byId<HTMLUListElement>(doc, "lists");
  const status = byId<HTMLParagraphElement>(doc, "status");
  const active = isActive(progress);
  importButton.disabled = active;
  importButton.textContent = t(progress.status === "done" ? "importAgain" : "importFromInstagram");
  cancelButton.hidden = !active;
  if (progress.status === "idle") {
    lists.replaceChildren();
  } else {
    const profile = doc.createElement("li");
    profile.textContent = capitalized(
      progress.profile === "done" ? t("progressProfileDone") : t("popupProfilePending"),
    );
    lists.replaceChildren(
      profile,
      listItem(doc, "following", progress.following),
      listItem(doc, "followers", progress.followers),
    );
  }
  status.textContent = progressHeadline(progress);
}

/** The account card, from what the device holds and who is signed in on Instagram. */
async function readAccountCard() {
  const [stored, signedIn] = await Promise.all([readStoredSummary(), readInstagramSelf()]);
  return describeAccount(stored, signedIn, Date.now());
}

/** The footer: the P92 site this person uses (the one added last, else the built-in one), and the options. */
async function showLinks(doc: Document): Promise<void> {
  const site = byId<HTMLAnchorElement>(doc, "open-site");
  site.href = (await allowedSiteOrigins()).at(-1)!;
  site.replaceChildren(iconElement(ExternalLink, 18), t("openSite"));
  byId(doc, "options").replaceChildren(iconElement(Settings, 18), t("popupOptionsLink"));
}

export function mountPopup(doc: Document): void {
  localizePage(doc);
  const status = byId<HTMLParagraphElement>(doc, "status");
  const fail = (error: unknown) =>
    (status.textContent = error instanceof Error ? error.message : String(error));
  byId<HTMLButtonElement>(doc, "import").addEventListener("click", () => {
    byId<HTMLButtonElement>(doc, "import").disabled = true;
    status.textContent = t("starting");
    sendToBackground({ type: "import/start" }).catch(fail);
  });
  byId<HTMLButtonElement>(doc, "cancel").addEventListener("click", () => {
    sendToBackground({ type: "import/cancel" }).catch(fail);
  });
  void showLinks(doc).catch(fail);

  // Reads may overlap (the profile landing, a sign-in on Instagram): only the newest is drawn.
  let asked = 0;
  let freePicture = () => {};
  const refreshAccount = () => {
    const mine = ++asked;
    readAccountCard().then((card) => {
      if (mine !== asked) return;
      freePicture();
      freePicture = renderAccountCard(doc, byId(doc, "account"), card);
    }, fail);
  };
  refreshAccount();
  // The card changes when the profile lands, an import ends, or someone else signs in on Instagram.
  let shown = "";
  watchProgress((progress) => {
    renderProgress(doc, progress);
    const moment = `${progress.status}:${progress.profile}`;
    if (shown && moment !== shown) refreshAccount();
    shown = moment;
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && INSTAGRAM_SELF_KEY in changes) refreshAccount();
  });
}
