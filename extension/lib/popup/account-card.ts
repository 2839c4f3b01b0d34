/**
 * The popup's account card: the Instagram account an import carries over, with its picture, name
 * and badge, and what this device holds of it. `describeAccount` decides the words (unit-tested);
 * `renderAccountCard` draws them, as text only: names come from Instagram.
 */
import { BadgeCheck, User } from "lucide";
import type { ImportedSummary } from "../../../shared/db/imported.ts";
import { relativeTime, relativeTimeFormats } from "../../../shared/relative-time.ts";
import { formatCount, t } from "../i18n.ts";
import { iconElement } from "../icon.ts";
import type { InstagramSelf } from "../instagram-self.ts";

export interface AccountCard {
  /** The name in bold: Instagram's full name, else the handle; a sentence when no account is known. */
  title: string;
  /** "@handle", when an account is known. */
  handle: string | null;
  verified: boolean;
  avatar: Blob | null;
  lines: string[];
}

/** "3 hr. ago" in the extension's language. */
export const ago = (iso: string, now: number) =>
  relativeTime(iso, now, relativeTimeFormats(t("languageTag")), t("justNow"));

/**
 * What the card says. The account signed in on Instagram is the one an import takes; when it is
 * the one already imported (or none is known), the card is the imported profile.
 */
export function describeAccount(
  stored: ImportedSummary | null,
  signedIn: InstagramSelf | null,
  now: number,
): AccountCard {
  if (stored && (!signedIn || signedIn.handle === stored.handle)) {
    return {
      title: stored.fullName || `@${stored.handle}`,
      handle: `@${stored.handle}`,
      verified: stored.isVerified,
      avatar: stored.avatar,
      lines: [
        t("accountImported", ago(stored.importedAt, now)),
        t("accountCounts", formatCount(stored.followers), formatCount(stored.following)),
      ],
    };
  }
  if (signedIn) {
    return {
      title: `@${signedIn.handle}`,
      handle: null,
      verified: false,
      avatar: null,
      lines: [
        t("accountSignedIn"),
        ...(stored ? [t("accountOnDevice", stored.handle, ago(stored.importedAt, now))] : []),
      ],
    };
  }
  return {
    title: t("accountNone"),
    handle: null,
    verified: false,
    avatar: null,
    lines: [t("accountNoneHelp")],
  };
}

/** Without a picture: the known account's first letter, else a person's outline. */
function placeholder(card: AccountCard): Node | string {
  const handle = card.handle ?? (card.title.startsWith("@") ? card.title : null);
  return handle ? handle.charAt(1).toUpperCase() : iconElement(User, 28);
}

/** Draws `card` into `container` (replacing what was there); answers a function that frees the picture. */
export function renderAccountCard(doc: Document, container: HTMLElement, card: AccountCard): () => void {
  const picture = doc.createElement("span");
  picture.className = "avatar";
  picture.setAttribute("aria-hidden", "true");
  let url: string | null = null;
  if (card.avatar) {
    url = URL.createObjectURL(card.avatar);
    const image = doc.createElement("img");
    image.src = url;
    image.alt = "";
    picture.append(image);
  } else {
    picture.append(placeholder(card));
  }
  const text = doc.createElement("div");
  text.className = "account-text";
  const title = doc.createElement("p");
  title.className = "account-name";
  title.append(card.title);
  if (card.verified) {
    const badge = iconElement(BadgeCheck, 16);
    badge.classList.add("verified");
    badge.removeAttribute("aria-hidden");
    badge.setAttribute("role", "img");
    badge.setAttribute("aria-label", t("verified"));
    title.append(" ", badge);
  }
  text.append(title);
  if (card.handle) {
    const handle = doc.createElement("p");
    handle.className = "account-handle";
    handle.textContent = card.handle;
    text.append(handle);
  }
  for (const line of card.lines) {
    const detail = doc.createElement("p");
    detail.className = "account-detail";
    detail.textContent = line;
    text.append(detail);
  }
  container.replaceChildren(picture, text);
  return () => {
    if (url) URL.revokeObjectURL(url);
  };
}
