import type { RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { Account } from "../../../shared/schema/social.ts";
import { t } from "../../i18n/setup.ts";
import { fitsTyped, insertMention, mentionAt, type TypedMention } from "../../lib/mentions.ts";
import { currentReader, searchKnownPeople, searchPeople } from "../../lib/search.ts";
import { online } from "../../lib/store.ts";
import { Avatar } from "../Avatar.tsx";

/** Typing pauses this long before the server is asked. */
const PAUSE_MS = 200;
const SHOWN = 6;
const LIST_ID = "composer-mentions";

interface Props {
  field: RefObject<HTMLTextAreaElement>;
  text: string;
  /** The text with a mention chosen, and where the caret goes. */
  onPick: (text: string, caret: number) => void;
}

/**
 * People to mention while `@le` is typed in the composer: those on the device at once, then the
 * server's (people followed and following first, then anyone it knows, here or elsewhere). Arrow
 * keys move, Enter or Tab insert `@handle` (`@user@host` for someone elsewhere), Escape closes.
 * Loaded with the composer's other optional parts, the first time an `@` is typed.
 */
export function MentionSuggestions({ field, text, onPick }: Props) {
  const [typed, setTyped] = useState<TypedMention | null>(null);
  const [people, setPeople] = useState<Account[]>([]);
  const [active, setActive] = useState(-1);
  const [closed, setClosed] = useState<TypedMention | null>(null);

  // Where the caret is decides the mention: after typing, clicking or moving with the keys.
  useEffect(() => {
    const el = field.current;
    if (!el) return;
    const read = () => {
      const found = mentionAt(el.value, el.selectionStart ?? 0);
      setTyped(found);
      // Out of a mention, one closed with Escape may open again where another starts.
      if (!found) setClosed(null);
    };
    read();
    el.addEventListener("click", read);
    el.addEventListener("keyup", read);
    return () => {
      el.removeEventListener("click", read);
      el.removeEventListener("keyup", read);
    };
  }, [text]);

  const query = typed?.query ?? "";
  // A new list (the device's, then the server's) keeps the person highlighted if it holds them,
  // and highlights nothing otherwise: Enter never picks someone the highlight did not show.
  const shown = useRef({ people, active });
  shown.current = { people, active };
  const show = (found: Account[]) => {
    const kept = shown.current.people[shown.current.active]?.handle;
    setPeople(found);
    setActive(kept ? found.findIndex((account) => account.handle === kept) : -1);
  };
  useEffect(() => {
    show([]);
    if (!query) return;
    const words = query.split("@")[0]!;
    const fitting = (found: Account[]) => found.filter((a) => fitsTyped(a.handle, query)).slice(0, SHOWN);
    let answered = false;
    let cancelled = false;
    const abort = new AbortController();
    void searchKnownPeople(words, SHOWN * 2).then((found) => cancelled || answered || show(fitting(found)));
    const timer = setTimeout(() => {
      if (!online.value) return;
      searchPeople(currentReader(), words, abort.signal).then(
        (found) => {
          answered = true;
          if (!cancelled) show(fitting(found));
        },
        () => undefined,
      );
    }, PAUSE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      abort.abort();
    };
  }, [query]);

  const open = typed !== null && people.length > 0 && closed?.start !== typed.start;
  const pick = (account: Account) => {
    if (!typed) return;
    const next = insertMention(field.current?.value ?? text, typed, account.handle);
    setPeople([]);
    onPick(next.text, next.caret);
  };

  // The text field says which list it completes from and which choice is highlighted.
  useEffect(() => {
    const el = field.current;
    if (!el) return;
    el.setAttribute("aria-autocomplete", "list");
    if (open) el.setAttribute("aria-controls", LIST_ID);
    else el.removeAttribute("aria-controls");
    if (open && active >= 0) el.setAttribute("aria-activedescendant", `${LIST_ID}-${active}`);
    else el.removeAttribute("aria-activedescendant");
  }, [open, active]);

  // Keys go to the list while it is open, before the composer sees them (Ctrl+Enter still posts).
  useEffect(() => {
    const el = field.current;
    if (!el || !open) return;
    const onKey = (event: KeyboardEvent) => {
      // Ctrl+Enter posts, Shift+Tab leaves the field, and an input method's keys are its own.
      if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey || event.isComposing) return;
      const chosen = people[active] ?? (event.key === "Tab" ? people[0] : undefined);
      // Nothing highlighted: ArrowUp moves the caret up a line, as without the list.
      if (event.key === "ArrowUp" && active < 0) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActive((i) => Math.max(-1, Math.min(people.length - 1, i + step)));
      } else if ((event.key === "Enter" || event.key === "Tab") && chosen) {
        pick(chosen);
      } else if (event.key === "Escape") {
        setClosed(typed);
      } else return;
      event.preventDefault();
      event.stopPropagation();
    };
    el.addEventListener("keydown", onKey);
    return () => el.removeEventListener("keydown", onKey);
  }, [open, people, active, typed]);

  if (!open) return null;
  return (
    <ul id={LIST_ID} role="listbox" class="mention-list" aria-label={t("composer.mentions")}>
      {people.map((account, i) => (
        <li
          key={account.handle}
          id={`${LIST_ID}-${i}`}
          role="option"
          aria-selected={i === active}
          class="search-option"
          // The text field keeps the focus: a click picks without leaving it.
          onMouseDown={(event) => {
            event.preventDefault();
            pick(account);
          }}
        >
          <Avatar url={account.avatarUrl} handle={account.handle} size={28} />
          <span>
            <span class="name">{account.displayName || account.handle}</span>{" "}
            <span class="handle muted">@{account.handle}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
