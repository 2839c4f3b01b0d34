import { useEffect, useState } from "preact/hooks";
import type { ListsSummary, MatchesResponse } from "../../../shared/graph.ts";
import { t, tn } from "../../i18n/setup.ts";
import { followAll, listsSummary, matches, setAutoFollow, uploadImportedLists } from "../../lib/graph-api.ts";
import { setFollowing } from "../../lib/outbox.ts";
import { readUploadChoice, saveUploadChoice, type Session, type UploadChoice } from "../../lib/settings.ts";
import { profilePath } from "../../../shared/site-paths.ts";
import { failureText } from "./messages.ts";

/**
 * "Find your people": the plain-words consent before any handle leaves the device, the
 * auto-follow setting, and "People you follow on Instagram who are on P92 (N) — Follow all".
 */
export function FindPeople({ session }: { session: Session }) {
  const [choice, setChoice] = useState<UploadChoice | null | undefined>(undefined);
  const [summary, setSummary] = useState<ListsSummary | null>(null);
  const [found, setFound] = useState<MatchesResponse | null>(null);
  const [followed, setFollowed] = useState<Set<string>>(new Set());
  const [status, setStatus] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = async () => {
    const [lists, people] = await Promise.all([listsSummary(session), matches(session)]);
    setSummary(lists);
    setFound(people);
  };

  useEffect(() => {
    void readUploadChoice().then(setChoice);
    refresh().catch((error: unknown) => setStatus({ text: failureText(error), error: true }));
  }, [session.token]);

  async function run(work: () => Promise<void>) {
    setBusy(true);
    setStatus(null);
    try {
      await work();
    } catch (error) {
      setStatus({ text: failureText(error), error: true });
    } finally {
      setBusy(false);
    }
  }

  const upload = () =>
    run(async () => {
      setStatus({ text: t("graph.uploading") });
      await saveUploadChoice("accepted");
      setChoice("accepted");
      const lists = await uploadImportedLists(session);
      setStatus({
        text:
          lists.following + lists.followers === 0
            ? t("graph.nothingImported")
            : t("graph.uploaded", { following: lists.following, followers: lists.followers }),
      });
      await refresh();
    });

  const decline = async () => {
    await saveUploadChoice("declined");
    setChoice("declined");
    setStatus({ text: t("graph.uploadDeclined") });
  };

  const followEveryone = () =>
    run(async () => {
      const { followed: count } = await followAll(session);
      setStatus({ text: tn("graph.followedAll", count) });
      await refresh();
    });

  const followOne = (handle: string) =>
    run(async () => {
      await setFollowing(session.handle, handle, true);
      setFollowed(new Set([...followed, handle]));
    });

  const waiting = found?.accounts.filter((a) => !followed.has(a.handle)) ?? [];
  return (
    <>
      <section aria-labelledby="upload-title" class="graph-upload">
        <h2 id="upload-title">{t("graph.uploadTitle")}</h2>
        <p>{t("graph.uploadConsent")}</p>
        <p>
          <button type="button" disabled={busy} onClick={() => void upload()}>
            {t("graph.upload")}
          </button>{" "}
          {choice !== "declined" && (
            <button type="button" disabled={busy} onClick={() => void decline()}>
              {t("graph.uploadDecline")}
            </button>
          )}
        </p>
        {summary && (
          <label class="graph-auto">
            <input
              type="checkbox"
              checked={summary.autoFollow}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                void run(async () => setSummary(await setAutoFollow(session, on)));
              }}
            />{" "}
            {t("graph.autoFollow")}
          </label>
        )}
      </section>
      {status && (
        <p role={status.error ? "alert" : "status"} class={status.error ? "error" : ""}>
          {status.text}
        </p>
      )}
      {found && (
        <section aria-labelledby="matches-title" class="graph-matches">
          <h2 id="matches-title">{t("graph.matchesTitle", { count: waiting.length })}</h2>
          {waiting.length === 0 ? (
            <p class="muted">{t("graph.noMatches")}</p>
          ) : (
            <>
              <button type="button" disabled={busy} onClick={() => void followEveryone()}>
                {t("graph.followAll", { count: waiting.length })}
              </button>
              <ul>
                {waiting.map((account) => (
                  <li key={account.handle}>
                    <a href={profilePath(account.handle)}>
                      {account.displayName || account.handle} <span class="muted">@{account.handle}</span>
                    </a>{" "}
                    <button type="button" disabled={busy} onClick={() => void followOne(account.handle)}>
                      {t("graph.follow")}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </>
  );
}
