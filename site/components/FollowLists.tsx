import { ArrowLeft } from "lucide";
import { useEffect, useRef, useState } from "preact/hooks";
import type { Account } from "../../shared/schema/social.ts";
import { followListPath, profilePath } from "../../shared/site-paths.ts";
import { t, tn } from "../i18n/setup.ts";
import { readAccount } from "../lib/authors.ts";
import { fetchFollowList, type FollowSide } from "../lib/follow-lists.ts";
import { useLiveQuery } from "../lib/live-query.ts";
import { currentReader } from "../lib/search.ts";
import { startStore } from "../lib/store.ts";
import { Icon } from "./Icon.tsx";
import { PersonRow } from "./PersonRow.tsx";
import { Tabs } from "./Tabs.tsx";

/**
 * /@handle?list=followers (or following): who follows the person and whom they follow, as tabs,
 * page after page from the server, each with a Follow button. Someone elsewhere: the follows this
 * server knows, and a word that their server has the whole list.
 */
export function FollowLists({ handle, side: first }: { handle: string; side: FollowSide }) {
  const [side, setSide] = useState(first);
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [state, setState] = useState<"loading" | "idle" | "failed">("loading");
  const account = useLiveQuery(() => readAccount(handle), [handle]);

  /** The list being shown: an answer for another (the tab changed meanwhile) is dropped. */
  const shown = useRef(side);
  shown.current = side;
  const load = (after: string | null) => {
    const asked = side;
    setState("loading");
    fetchFollowList(currentReader(), handle, asked, after).then(
      (page) => {
        if (shown.current !== asked) return;
        setAccounts((known) => [
          ...known,
          ...page.accounts.filter((found) => !known.some((k) => k.handle === found.handle)),
        ]);
        setNext(page.next);
        setState("idle");
      },
      () => shown.current === asked && setState("failed"),
    );
  };
  useEffect(() => {
    setAccounts([]);
    setNext(null);
    // Once the session is read: its server, and its token for the Follow buttons' states.
    void startStore().then(() => shown.current === side && load(null));
  }, [side]);
  const choose = (key: FollowSide) => {
    setSide(key);
    history.replaceState(null, "", followListPath(handle, key));
  };

  return (
    <section class="follow-lists" aria-labelledby="follow-lists-title">
      <header class="follow-lists-header">
        <a class="back-link" href={profilePath(handle)} aria-label={t("profile.lists.back", { handle })}>
          <Icon icon={ArrowLeft} />
        </a>
        <h1 id="follow-lists-title" dir="auto">
          {account?.displayName || `@${handle}`}
        </h1>
      </header>
      <Tabs
        id="follow-lists"
        label={t("profile.lists.tabs")}
        tabs={[
          { key: "followers", label: tn("profile.followers", account?.followerCount ?? 0) },
          { key: "following", label: t("profile.following", { count: account?.followingCount ?? 0 }) },
        ]}
        chosen={side}
        onChoose={choose}
      >
        {accounts.length > 0 && (
          <ul class="people">
            {accounts.map((person) => (
              <PersonRow key={person.handle} account={person} />
            ))}
          </ul>
        )}
        {state === "loading" && accounts.length === 0 && <p class="muted">{t("loading")}</p>}
        {state === "idle" && accounts.length === 0 && <p class="empty">{t(`profile.lists.empty.${side}`)}</p>}
        {state === "failed" && (
          <p role="alert">
            {t("profile.lists.failed")}{" "}
            <button type="button" onClick={() => load(next)}>
              {t("profile.retry")}
            </button>
          </p>
        )}
        {next !== null && state !== "failed" && (
          // Kept while the next page loads, so the keyboard's focus stays on it.
          // (aria-disabled: a disabled button would lose the focus).
          <button
            type="button"
            class="more"
            aria-disabled={state === "loading"}
            onClick={() => state !== "loading" && load(next)}
          >
            {t("profile.lists.more")}
          </button>
        )}
        {handle.includes("@") && <p class="muted">{t("profile.lists.elsewhere", { handle })}</p>}
      </Tabs>
    </section>
  );
}
