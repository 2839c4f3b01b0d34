import { ArrowLeft } from "lucide";
import { useEffect, useState } from "preact/hooks";
import type { Account } from "../../shared/schema/social.ts";
import { followListPath, profilePath } from "../../shared/site-paths.ts";
import { t, tn } from "../i18n/setup.ts";
import { readAccount } from "../lib/authors.ts";
import { fetchFollowList, type FollowSide } from "../lib/follow-lists.ts";
import { useLiveQuery } from "../lib/live-query.ts";
import { currentReader } from "../lib/search.ts";
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

  const load = (after: string | null) => {
    setState("loading");
    fetchFollowList(currentReader(), handle, side, after).then(
      (page) => {
        setAccounts((known) => [
          ...known,
          ...page.accounts.filter((found) => !known.some((k) => k.handle === found.handle)),
        ]);
        setNext(page.next);
        setState("idle");
      },
      () => setState("failed"),
    );
  };
  useEffect(() => {
    setAccounts([]);
    setNext(null);
    load(null);
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
        {state === "loading" && <p class="muted">{t("loading")}</p>}
        {state === "idle" && accounts.length === 0 && <p class="empty">{t(`profile.lists.empty.${side}`)}</p>}
        {state === "failed" && (
          <p role="alert">
            {t("profile.lists.failed")}{" "}
            <button type="button" onClick={() => load(next)}>
              {t("profile.retry")}
            </button>
          </p>
        )}
        {state === "idle" && next !== null && (
          <button type="button" class="more" onClick={() => load(next)}>
            {t("profile.lists.more")}
          </button>
        )}
        {handle.includes("@") && <p class="muted">{t("profile.lists.elsewhere", { handle })}</p>}
      </Tabs>
    </section>
  );
}
