import { useEffect, useState } from "preact/hooks";
import { ApiFailure } from "../../../shared/api-failure.ts";
import type { Account } from "../../../shared/schema/social.ts";
import { searchPath } from "../../../shared/site-paths.ts";
import { t } from "../../i18n/index.ts";
import { hiddenTest, readFeed, readPosts } from "../../lib/feed.ts";
import { useLiveQuery } from "../../lib/live-query.ts";
import {
  lookUp,
  queryKind,
  currentReader,
  searchKnownPeople,
  searchPeople,
  searchPostPage,
  type Found,
} from "../../lib/search.ts";
import { online, ready, session, startStore } from "../../lib/store.ts";
import { startSyncing } from "../../lib/sync/scheduler.ts";
import { PersonRow } from "../PersonRow.tsx";
import { PostCard } from "../PostCard.tsx";
import { SearchBox } from "./SearchBox.tsx";

const queryOf = () => new URLSearchParams(location.search).get("q") ?? "";

/** /search/?q=: people and posts for words, a hashtag's posts, or what `@user@host` or a URL names. */
export default function SearchView() {
  const [q, setQ] = useState(queryOf);
  useEffect(() => {
    void startStore();
    startSyncing();
    const onPop = () => setQ(queryOf());
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);
  useEffect(() => {
    document.title = q ? `${q} · ${t("search.title")} · P92` : `${t("search.title")} · P92`;
  }, [q]);
  const search = (next: string) => {
    history.pushState(null, "", searchPath(next));
    setQ(next);
  };
  const query = queryKind(q);
  return (
    <>
      <h1>{query.kind === "tag" ? `#${query.tag}` : t("search.title")}</h1>
      <SearchBox id="search-page" initial={q} autoFocus={!q} onSubmit={search} />
      {ready.value && query.kind === "lookup" && <LookupResult key={q} q={query.q} />}
      {ready.value && query.kind === "words" && <PeopleResults key={q} q={query.q} />}
      {ready.value && (query.kind === "words" || query.kind === "tag") && (
        <PostResults
          key={q}
          q={query.kind === "tag" ? `#${query.tag}` : query.q}
          tag={query.kind === "tag" ? query.tag : null}
        />
      )}
    </>
  );
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

function LookupResult({ q }: { q: string }) {
  const [found, setFound] = useState<Found | "failed" | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const current = session.value;
    if (!current) return;
    setFound(null);
    lookUp(current, q).then(setFound, () => setFound("failed"));
  }, [attempt]);
  if (!session.value) return <p role="status">{t("search.signInToLookUp")}</p>;
  if (found === null)
    return (
      <p class="muted" role="status">
        {t("search.lookingUp")}
      </p>
    );
  if (found === "failed")
    return (
      <div role="alert">
        <p>{t("search.lookupFailed", { q })}</p>
        <button type="button" onClick={() => setAttempt((n) => n + 1)}>
          {t("search.retry")}
        </button>
      </div>
    );
  return "account" in found ? (
    <ul class="people">
      <PersonRow account={found.account} />
    </ul>
  ) : (
    <PostList ids={[found.post.id]} />
  );
}

function PeopleResults({ q }: { q: string }) {
  const [people, setPeople] = useState<Account[] | null>(null);
  useEffect(() => {
    let cancelled = false;
    void searchKnownPeople(q, 8).then((known) => !cancelled && setPeople((p) => p ?? known));
    if (online.value)
      searchPeople(currentReader(), q).then(
        (found) => !cancelled && setPeople(found),
        () => undefined,
      );
    return () => {
      cancelled = true;
    };
  }, []);
  return (
    <section aria-labelledby="search-people">
      <h2 id="search-people">{t("search.people")}</h2>
      {people === null ? (
        <p class="muted">{t("loading")}</p>
      ) : people.length === 0 ? (
        <p class="muted">{t("search.noPeople")}</p>
      ) : (
        <ul class="people">
          {people.map((account) => (
            <PersonRow key={account.handle} account={account} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** Posts found by the server, page after page; offline, a hashtag's posts on the device. */
function PostResults({ q, tag }: { q: string; tag: string | null }) {
  const [ids, setIds] = useState<string[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [state, setState] = useState<"loading" | "idle" | "failed" | "offline">("loading");
  const [error, setError] = useState("");
  const load = (before: string | null) => {
    setState("loading");
    searchPostPage(currentReader(), q, before).then(
      (page) => {
        setIds((known) => [...known, ...page.ids.filter((id) => !known.includes(id))]);
        setNext(page.next);
        setState("idle");
      },
      (failure: unknown) => {
        setError(reason(failure));
        setState(failure instanceof ApiFailure && failure.status === 0 ? "offline" : "failed");
      },
    );
  };
  useEffect(() => load(null), []);
  const offlineTagPosts = useLiveQuery(
    async () =>
      state === "offline" && tag
        ? readFeed({ tab: "everyone", me: session.value?.handle ?? null, limit: 100, tag })
        : [],
    [state, tag],
  );
  const shownIds = state === "offline" ? (offlineTagPosts ?? []).map((item) => item.post.id) : ids;
  return (
    <section aria-labelledby="search-posts">
      <h2 id="search-posts">{t("search.postsHeading")}</h2>
      {state === "failed" && (
        <div role="alert">
          <p>{t("search.failed", { reason: error })}</p>
          <button type="button" onClick={() => load(ids.length ? next : null)}>
            {t("search.retry")}
          </button>
        </div>
      )}
      {state === "offline" && <p role="status">{t("offline.banner")}</p>}
      {shownIds.length > 0 ? (
        <PostList ids={shownIds} />
      ) : (
        state !== "loading" && state !== "failed" && <p class="muted">{t("search.noPosts")}</p>
      )}
      {state === "loading" && <p class="muted">{t("loading")}</p>}
      {state === "idle" && next !== null && (
        <button type="button" onClick={() => load(next)}>
          {t("search.more")}
        </button>
      )}
    </section>
  );
}

function PostList({ ids }: { ids: string[] }) {
  // What the server found, but what the reader does not want to see (a muted word).
  const items = useLiveQuery(async () => {
    const [found, hide] = await Promise.all([readPosts(ids), hiddenTest(session.value?.handle ?? null)]);
    return found.filter((item) => !hide(item.post));
  }, [ids.join()]);
  if (!items) return null;
  return (
    <div class="post-list">
      {items.map((item) => (
        <PostCard key={item.post.id} post={item.post} author={item.author} quoted={item.quoted} />
      ))}
    </div>
  );
}
