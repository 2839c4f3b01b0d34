import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { t, tn } from "../../i18n/setup.ts";
import type { OpenedArchive } from "../../lib/archive-import/archive.ts";
import type { ImportProgress, ImportTarget } from "../../lib/archive-import/run.ts";

type RunState =
  | { kind: "running"; progress: ImportProgress | null }
  | { kind: "done"; progress: ImportProgress }
  | { kind: "stopped"; progress: ImportProgress | null; reason: string };

/**
 * Imports the archive into the account as soon as it is shown, saying how far it has come; when it
 * stops short it says why and offers to run it again (what came over is not copied twice).
 * `children` (e.g. "Go to my feed") are offered once it has ended, either way.
 */
export function ImportRun({
  archive,
  target,
  follow = true,
  children,
}: {
  archive: OpenedArchive;
  target: ImportTarget;
  /** Whether to follow again everyone the archive followed. */
  follow?: boolean;
  children?: ComponentChildren;
}) {
  const [state, setState] = useState<RunState>({ kind: "running", progress: null });
  const [attempt, setAttempt] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    let latest: ImportProgress | null = null;
    setState({ kind: "running", progress: null });
    void import("../../lib/archive-import/run.ts")
      .then(({ importArchive }) =>
        importArchive(
          archive,
          target,
          (progress) => {
            latest = progress;
            setState({ kind: "running", progress });
          },
          { follow },
        ),
      )
      .then(
        (progress) => setState({ kind: "done", progress }),
        (failure: unknown) => setState({ kind: "stopped", progress: latest, reason: reasonOf(failure) }),
      );
  }, [attempt]);
  useEffect(() => {
    if (state.kind !== "running") heading.current?.focus();
  }, [state.kind]);

  const progress = state.progress;
  return (
    <section class="archive-import-run" aria-labelledby="import-run-title">
      <h3 id="import-run-title" tabIndex={-1} ref={heading}>
        {t(state.kind === "done" ? "archiveImport.doneTitle" : "archiveImport.runTitle")}
      </h3>
      {state.kind === "running" && <Meter progress={progress} />}
      {state.kind === "done" && (
        <p role="status">
          {tn("archiveImport.donePosts", state.progress.posts.done)}{" "}
          {tn("archiveImport.doneFollows", state.progress.follows.done)}
        </p>
      )}
      {progress && state.kind !== "running" && <Remarks progress={progress} />}
      {state.kind === "stopped" && (
        <>
          <p role="alert" class="error">
            {t("archiveImport.stopped", { reason: state.reason })}
          </p>
          <p>
            <button type="button" class="primary" onClick={() => setAttempt((n) => n + 1)}>
              {t("archiveImport.retry")}
            </button>
          </p>
        </>
      )}
      {state.kind !== "running" && children}
    </section>
  );
}

/** How far the import has come: a bar, and its words for screen readers. */
function Meter({ progress }: { progress: ImportProgress | null }) {
  if (!progress) return <p role="status">{t("archiveImport.starting")}</p>;
  const posts = progress.stage === "posts";
  const { done, total } = posts ? progress.posts : progress.follows;
  const label = t(posts ? "archiveImport.postsProgress" : "archiveImport.followsProgress", {
    done: String(done),
    total: String(total),
  });
  return (
    <>
      <progress max={Math.max(total, 1)} value={done} aria-label={label} />
      <p role="status">{label}</p>
    </>
  );
}

/** What did not come over, and why. */
function Remarks({ progress }: { progress: ImportProgress }) {
  const { skipped, unlinked, missingFiles } = progress.posts;
  const failed = progress.follows.failed;
  return (
    <ul class="import-remarks">
      {skipped > 0 && <li>{tn("archiveImport.skipped", skipped)}</li>}
      {unlinked > 0 && <li>{tn("archiveImport.unlinked", unlinked)}</li>}
      {missingFiles > 0 && <li>{tn("archiveImport.missingFiles", missingFiles)}</li>}
      {failed.length > 0 && <li>{t("archiveImport.followsFailed", { handles: failed.join(", ") })}</li>}
    </ul>
  );
}

function reasonOf(failure: unknown): string {
  if (failure instanceof ApiFailure && failure.status === 0)
    return t(navigator.onLine ? "archiveImport.unreachable" : "archiveImport.offline");
  if (failure instanceof ApiFailure && failure.status === 401) return t("archiveImport.signIn");
  return failure instanceof Error ? failure.message : String(failure);
}
