import { useEffect, useRef, useState } from "preact/hooks";
import { profilePath, searchPath, threadPath } from "../../../shared/site-paths.ts";
import type { Account } from "../../../shared/schema/social.ts";
import { t } from "../../i18n/index.ts";
import { currentReader, lookUp, queryKind, searchKnownPeople, searchPeople } from "../../lib/search.ts";
import { online } from "../../lib/store.ts";
import { Avatar } from "../Avatar.tsx";

/** One choice under the box: a person, a post found by lookup, or a search to run. */
type Suggestion =
  | { kind: "person"; account: Account }
  | { kind: "post"; id: string; author: string; text: string }
  | { kind: "search"; q: string; label: string };

/** Typing pauses this long before the server is asked (a lookup, which may ask another server, longer). */
const PAUSE_MS = 200;
const LOOKUP_PAUSE_MS = 500;

const hrefOf = (s: Suggestion) =>
  s.kind === "person"
    ? profilePath(s.account.handle)
    : s.kind === "post"
      ? threadPath(s.id)
      : searchPath(s.q);

interface Props {
  id: string;
  initial?: string;
  autoFocus?: boolean;
  /** Called with the query when Enter is pressed with no suggestion chosen; by default /search/?q=. */
  onSubmit?: (q: string) => void;
}

/**
 * The search box: a combobox (WAI-ARIA pattern) whose suggestions follow the typing after a
 * short pause. Arrow keys move, Enter opens, Escape closes. People come from the device at once and
 * from the server after the pause; `@user@host` and URLs are looked up; words also offer a search
 * of posts.
 */
export function SearchBox({ id, initial = "", autoFocus, onSubmit }: Props) {
  const [text, setText] = useState(initial);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  // Suggestions wait for the person to use the box: the search page shows its query's results
  // already, and asking the server the same question twice on arrival only slows the page.
  const [used, setUsed] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, []);
  // A search run from elsewhere (the page's own history) shows its words here.
  useEffect(() => setText(initial), [initial]);

  useEffect(() => {
    if (!used) return;
    const query = queryKind(text);
    setActive(-1);
    setStatus(null);
    if (query.kind === "empty") return setSuggestions([]);
    if (query.kind === "tag")
      return setSuggestions([
        { kind: "search", q: `#${query.tag}`, label: t("search.tag", { tag: query.tag }) },
      ]);
    const postsSearch: Suggestion = {
      kind: "search",
      q: text.trim(),
      label: t("search.posts", { q: text.trim() }),
    };
    const caller = currentReader();
    const abort = new AbortController();
    let cancelled = false;
    // The server's ranked answer, once here, is not replaced by the device's slower scan.
    let answered = false;
    const show = (people: Account[]) => {
      if (cancelled) return;
      setActive(-1);
      setSuggestions([...people.map((account) => ({ kind: "person" as const, account })), postsSearch]);
    };
    if (query.kind === "words") void searchKnownPeople(query.q, 5).then((people) => answered || show(people));
    else setSuggestions([]);
    const timer = setTimeout(
      () => {
        if (!online.value) return setStatus(t("search.offline"));
        if (query.kind === "words") {
          searchPeople(caller, query.q, abort.signal).then(
            (people) => {
              answered = true;
              show(people);
            },
            () => undefined,
          );
          return;
        }
        if (!caller.token) return setStatus(t("search.signInToLookUp"));
        setStatus(t("search.lookingUp"));
        lookUp(caller, query.q, abort.signal).then(
          (found) => {
            if (cancelled) return;
            setStatus(null);
            setSuggestions([
              "account" in found
                ? { kind: "person", account: found.account }
                : { kind: "post", id: found.post.id, author: found.post.author, text: found.post.text },
            ]);
          },
          () => !cancelled && setStatus(t("search.nothingFound", { q: query.q })),
        );
      },
      query.kind === "lookup" ? LOOKUP_PAUSE_MS : PAUSE_MS,
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
      abort.abort();
    };
  }, [text, used]);

  const listId = `${id}-list`;
  const expanded = open && (suggestions.length > 0 || status !== null);
  const submit = () => {
    const q = text.trim();
    if (!q) return;
    if (onSubmit) onSubmit(q);
    else location.assign(searchPath(q));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setOpen(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((i) => Math.max(-1, Math.min(suggestions.length - 1, i + step)));
    } else if (event.key === "Enter") {
      event.preventDefault();
      const chosen = suggestions[active];
      if (expanded && chosen) {
        if (chosen.kind === "search" && onSubmit) onSubmit(chosen.q);
        else location.assign(hrefOf(chosen));
      } else submit();
      setOpen(false);
    } else if (event.key === "Escape") {
      if (expanded) event.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <div
      class="search-box"
      onFocusOut={(e) => !e.currentTarget.contains(e.relatedTarget as Node) && setOpen(false)}
    >
      <input
        ref={input}
        id={id}
        type="search"
        name="q"
        role="combobox"
        autoComplete="off"
        spellcheck={false}
        aria-label={t("search.label")}
        placeholder={t("search.placeholder")}
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        value={text}
        maxLength={2048}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setUsed(true);
          setOpen(true);
        }}
        onFocus={() => {
          setUsed(true);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
      />
      <div class="search-popup" hidden={!expanded}>
        {status && (
          <p class="muted" role="status">
            {status}
          </p>
        )}
        <ul id={listId} role="listbox" aria-label={t("search.suggestions")}>
          {suggestions.map((s, i) => (
            <li
              key={i}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              class="search-option"
            >
              <a
                href={hrefOf(s)}
                tabIndex={-1}
                onClick={(e) => {
                  if (s.kind === "search" && onSubmit) {
                    e.preventDefault();
                    onSubmit(s.q);
                    setOpen(false);
                  }
                }}
              >
                <SuggestionLabel suggestion={s} />
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function SuggestionLabel({ suggestion: s }: { suggestion: Suggestion }) {
  if (s.kind === "search") return <span>{s.label}</span>;
  if (s.kind === "post")
    return (
      <span>
        <span class="handle muted">@{s.author}</span> {s.text.slice(0, 80)}
      </span>
    );
  return (
    <>
      <Avatar url={s.account.avatarUrl} handle={s.account.handle} size={28} />
      <span>
        <span class="name">{s.account.displayName || s.account.handle}</span>{" "}
        <span class="handle muted">@{s.account.handle}</span>
      </span>
    </>
  );
}
