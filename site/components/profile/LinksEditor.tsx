import { useRef, useState } from "preact/hooks";
import { isWebUrl, LIMITS } from "../../../shared/input-rules.ts";
import { t } from "../../i18n/setup.ts";

export interface LinkDraft {
  title: string;
  url: string;
}

/** The first link whose address is not a web address, or -1. */
export function badLinkIndex(links: LinkDraft[]): number {
  return links.findIndex((link) => link.url.trim() !== "" && !isWebUrl(link.url.trim()));
}

/**
 * A profile's links: title and address each, removed one by one, added up to five (an account
 * that has more from before keeps them until it removes some). An address is checked once its
 * field is left (`checked` also turns on when saving is tried). The focus never falls off: a new
 * link's title takes it, and a removed link hands it to the next control.
 */
export function LinksEditor(props: {
  links: LinkDraft[];
  onChange: (links: LinkDraft[]) => void;
  showProblems: boolean;
  /** Changed to more than five (an account may have more from before, kept while unchanged). */
  tooMany: boolean;
}) {
  const { links, onChange } = props;
  const [left, setLeft] = useState<Set<number>>(new Set());
  const list = useRef<HTMLFieldSetElement>(null);
  const full = links.length >= LIMITS.profileLinks;
  const bad = badLinkIndex(links);
  const shownBad = bad >= 0 && (props.showProblems || left.has(bad)) ? bad : -1;
  /** Focuses a control of the list once it is drawn. */
  const focusLater = (selector: string) =>
    requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(selector)?.focus());
  const set = (index: number, change: Partial<LinkDraft>) =>
    onChange(links.map((link, i) => (i === index ? { ...link, ...change } : link)));
  const remove = (index: number) => {
    onChange(links.filter((_, i) => i !== index));
    setLeft(new Set());
    const remaining = links.length - 1;
    // The link that took its place, else the one before it, else Add.
    const next = Math.min(index, remaining - 1);
    focusLater(next >= 0 ? `[data-link="${next}"] input` : "[data-add-link]");
  };
  return (
    <fieldset ref={list}>
      <legend>{t("profileEdit.links", { max: LIMITS.profileLinks })}</legend>
      {links.map((link, index) => (
        <div class="profile-editor-link" key={index} data-link={index}>
          <input
            aria-label={t("profileEdit.linkTitle", { n: index + 1 })}
            placeholder={t("profileEdit.linkTitlePlaceholder")}
            value={link.title}
            maxLength={LIMITS.linkTitle}
            onInput={(event) => set(index, { title: event.currentTarget.value })}
          />
          <input
            type="url"
            aria-label={t("profileEdit.linkUrl", { n: index + 1 })}
            aria-invalid={shownBad === index ? "true" : undefined}
            aria-describedby={shownBad === index ? "profile-links-problem" : undefined}
            placeholder="https://"
            value={link.url}
            maxLength={LIMITS.url}
            onInput={(event) => set(index, { url: event.currentTarget.value })}
            onBlur={() => setLeft(new Set(left).add(index))}
          />
          <button type="button" onClick={() => remove(index)}>
            {t("profileEdit.removeLink", { n: index + 1 })}
          </button>
        </div>
      ))}
      <p id="profile-links-problem" role="alert" class="error">
        {shownBad >= 0
          ? t("profileEdit.badLink", { n: shownBad + 1 })
          : props.tooMany
            ? t("profileEdit.tooManyLinks", { max: LIMITS.profileLinks })
            : ""}
      </p>
      {!full && (
        <button
          type="button"
          data-add-link
          onClick={() => {
            onChange([...links, { title: "", url: "" }]);
            focusLater(`[data-link="${links.length}"] input`);
          }}
        >
          {t("profileEdit.addLink")}
        </button>
      )}
    </fieldset>
  );
}
