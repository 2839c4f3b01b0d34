/**
 * One import of the signed-in person's profile, then following, then followers, paced like a
 * person, page by page. Every page goes to the sink (the background, which stores it with its
 * cursor in one transaction) before the next is fetched, so stopping at any moment loses nothing
 * and the next import continues from the saved cursor.
 */
import type { ImportProblem } from "../../../shared/import-progress.ts";
import type { FollowPage } from "../../../shared/db/imported.ts";
import { HANDLE_PATTERN } from "../../../shared/schema/common.ts";
import type { FollowList, ImportedProfile } from "../../../shared/schema/instagram.ts";
import {
  InstagramError,
  followPagePath,
  profileInfoPath,
  webProfilePath,
  type InstagramClient,
} from "../instagram/client.ts";
import { t } from "../i18n.ts";
import { parseFollowPage, parseProfile } from "../instagram/parse.ts";
import { listName } from "../progress-text.ts";
import { ImportCancelled, backoffDelay, pageDelay, sleep, type Pacing } from "./pacing.ts";

/** Instagram's web app asks for at most 200 accounts per page. */
export const FOLLOW_PAGE_SIZE = 200;

export interface RunStart {
  runId: string;
  cursor: string | null;
  /** True when this list already finished earlier in the same (resumed) import. */
  skip: boolean;
}

/** Where the importer puts what it reads and says how it is going. */
export interface ImportSink {
  storeProfile(profile: ImportedProfile): Promise<void>;
  beginRun(list: FollowList): Promise<RunStart>;
  storePage(page: FollowPage): Promise<void>;
  finishRun(list: FollowList, runId: string): Promise<void>;
  /** Instagram asked to slow down: the import waits until `resumeAt` (null: running again). */
  waiting(resumeAt: string | null): Promise<void>;
}

export interface ImportOutcome {
  status: "done" | "cancelled" | "failed";
  problem: ImportProblem | null;
}

export interface ImportDeps {
  client: InstagramClient;
  sink: ImportSink;
  pacing: Pacing;
  signal: AbortSignal;
  now?: () => Date;
  random?: () => number;
}

export async function runImport(deps: ImportDeps): Promise<ImportOutcome> {
  try {
    await importProfile(deps);
    for (const list of ["following", "followers"] as const) {
      await sleep(pageDelay(deps.pacing, 1, deps.random), deps.signal);
      await importFollowList(deps, list);
    }
    return { status: "done", problem: null };
  } catch (error) {
    if (error instanceof ImportCancelled || deps.signal.aborted) {
      return {
        status: "cancelled",
        problem: { code: "cancelled", message: t("cancelledKept") },
      };
    }
    if (error instanceof InstagramError) {
      return { status: "failed", problem: { code: error.code, message: error.message } };
    }
    const detail = error instanceof Error ? error.message : String(error);
    return { status: "failed", problem: { code: "unexpected", message: t("importStopped", detail) } };
  }
}

/** Calls Instagram, waiting out 429s (1 min doubling to 15) and brief network failures. */
export async function withPatience<T>(deps: ImportDeps, call: () => Promise<T>): Promise<T> {
  const now = deps.now ?? (() => new Date());
  let rateLimited = 0;
  let networkFailures = 0;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof InstagramError)) throw error;
      let wait: number;
      if (error.code === "rate-limited") {
        if (rateLimited >= deps.pacing.maxRateLimitRetries) {
          throw new InstagramError("rate-limited", t("keepsSlowingDown"));
        }
        wait = backoffDelay(deps.pacing, rateLimited++);
      } else if (error.code === "network") {
        if (networkFailures >= deps.pacing.maxNetworkRetries) throw error;
        wait = deps.pacing.pageDelayMaxMs * 5 * 2 ** networkFailures++;
      } else {
        throw error;
      }
      await deps.sink.waiting(new Date(now().getTime() + wait).toISOString());
      await sleep(wait, deps.signal);
      await deps.sink.waiting(null);
    }
  }
}

function userOf(body: unknown, ...path: string[]): unknown {
  let at: unknown = body;
  for (const key of path)
    at = typeof at === "object" && at !== null ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}

async function importProfile(deps: ImportDeps): Promise<void> {
  const { client } = deps;
  const importedAt = (deps.now ?? (() => new Date()))().toISOString();
  const info = userOf(
    await withPatience(deps, () => client.getJson(profileInfoPath(client.session.userId))),
    "user",
  );
  const handle = userOf(info, "username");
  let web: unknown = undefined;
  if (typeof handle === "string" && HANDLE_PATTERN.test(handle)) {
    await sleep(pageDelay(deps.pacing, 1, deps.random), deps.signal);
    try {
      web = userOf(await withPatience(deps, () => client.getJson(webProfilePath(handle))), "data", "user");
    } catch (error) {
      // The fuller profile (bio links) is a bonus: the info answer alone is a usable profile.
      if (!(error instanceof InstagramError) || error.code !== "unexpected") throw error;
    }
  }
  const parsed = parseProfile([info, web], importedAt);
  if (!parsed.ok) throw new InstagramError("unexpected", parsed.message);
  if (parsed.value.instagramId !== null && parsed.value.instagramId !== client.session.userId) {
    throw new InstagramError("unexpected", t("someoneElsesProfile"));
  }
  await deps.sink.storeProfile({ ...parsed.value, instagramId: client.session.userId });
}

async function importFollowList(deps: ImportDeps, list: FollowList): Promise<void> {
  const { client, sink } = deps;
  const start = await sink.beginRun(list);
  if (start.skip) return;
  let cursor = start.cursor;
  for (let pages = 1; ; pages++) {
    const path = followPagePath(client.session.userId, list, cursor, FOLLOW_PAGE_SIZE);
    const body = await withPatience(deps, () => client.getJson(path));
    const importedAt = (deps.now ?? (() => new Date()))().toISOString();
    const page = parseFollowPage(body, list, importedAt);
    // Without a readable page there is no cursor to skip ahead with: stop, keeping what is stored.
    if (!page.ok) throw new InstagramError("unexpected", t("problemKept", page.message));
    if (page.value.nextCursor !== null && page.value.nextCursor === cursor) {
      throw new InstagramError("unexpected", t("samePageTwice", listName(list)));
    }
    await sink.storePage({
      list,
      runId: start.runId,
      rows: page.value.rows,
      nextCursor: page.value.nextCursor,
      skipped: page.value.skipped,
    });
    cursor = page.value.nextCursor;
    if (cursor === null) break;
    await sleep(pageDelay(deps.pacing, pages, deps.random), deps.signal);
  }
  await sink.finishRun(list, start.runId);
}
