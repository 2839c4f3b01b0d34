/**
 * The operations that write imported Instagram data, shared by the extension (which imports) and
 * the site (which receives a copy through the bridge). Each is one Dexie transaction over every
 * table it touches, so a closed tab or a crash never leaves a page half-stored or a cursor that
 * points past rows that were not written.
 */
import { Dexie } from "dexie";
import type { FollowList, ImportedFollow, ImportedProfile } from "../schema/instagram.ts";
import { readImportedProfile } from "./profile.ts";
import type { FollowRow, ImportStateRow, P92Database, ProfileRow } from "./schema.ts";

export const FOLLOW_LISTS: readonly FollowList[] = ["following", "followers"];

/** Rows read at a time when a finished re-import looks for unfollows. */
const FINISH_PAGE_ROWS = 5000;

/** Replaces the one imported profile (changes on Instagram are applied by a re-import). */
export async function storeImportedProfile(
  db: P92Database,
  profile: ImportedProfile,
  avatar: Blob | null,
): Promise<void> {
  const row: ProfileRow = { ...profile, key: "self", avatar };
  await db.profile.put(row);
}

/**
 * Where the next import of `list` starts: the unfinished run with its saved cursor (resume), or a
 * fresh run when the last one finished or none exists. Marks it running.
 */
export async function beginFollowRun(
  db: P92Database,
  list: FollowList,
  now: string = new Date().toISOString(),
): Promise<ImportStateRow> {
  return db.transaction("rw", db.importState, db.follows, async () => {
    const saved = await db.importState.get(list);
    const state: ImportStateRow =
      saved && saved.status !== "done"
        ? { ...saved, status: "running", updatedAt: now }
        : {
            list,
            cursor: null,
            runId: crypto.randomUUID(),
            startedEmpty: (await countFollows(db, list)) === 0,
            fetched: 0,
            total: saved?.total ?? null,
            skipped: 0,
            status: "running",
            updatedAt: now,
          };
    await db.importState.put(state);
    return state;
  });
}

export interface FollowPage {
  list: FollowList;
  runId: string;
  rows: ImportedFollow[];
  /** The cursor for the page after this one; null when this was the last page. */
  nextCursor: string | null;
  /** Instagram's count for the list, when known. */
  total?: number | null;
  /** Rows of this page that failed validation. */
  skipped?: number;
}

/**
 * Stores one page of a run and its cursor together. Rows are keyed by list and lower-cased handle,
 * so a page fetched twice, or an account seen again by a re-import, updates its one row.
 */
export async function storeFollowPage(db: P92Database, page: FollowPage): Promise<ImportStateRow> {
  const rows = page.rows.map((row) => ({
    ...row,
    list: page.list,
    handle: row.handle.toLowerCase(),
    runId: page.runId,
  }));
  return db.transaction("rw", db.follows, db.importState, async () => {
    const saved = await db.importState.get(page.list);
    if (saved && saved.runId !== page.runId) {
      throw new Error(`a newer import of ${page.list} replaced run ${page.runId}`);
    }
    await db.follows.bulkPut(rows);
    const state: ImportStateRow = {
      list: page.list,
      cursor: page.nextCursor,
      runId: page.runId,
      startedEmpty: saved?.startedEmpty,
      fetched: (saved?.fetched ?? 0) + rows.length,
      total: page.total === undefined ? (saved?.total ?? null) : page.total,
      skipped: (saved?.skipped ?? 0) + (page.skipped ?? 0),
      status: saved?.status === "paused" ? "paused" : "running",
      updatedAt: new Date().toISOString(),
    };
    await db.importState.put(state);
    return state;
  });
}

/**
 * Ends a run that reached the last page: rows of the list that it did not see are unfollows. Rows
 * carry no index on their run (an index is written for every row, and cost a 100,000-row import
 * about a tenth of its time), so a run that began on a non-empty list reads the list once here.
 */
export async function finishFollowRun(db: P92Database, list: FollowList, runId: string): Promise<number> {
  return db.transaction("rw", db.follows, db.importState, async () => {
    const saved = await db.importState.get(list);
    const removed = saved?.runId === runId && saved.startedEmpty ? 0 : await dropUnseen(db, list, runId);
    await db.importState.put({
      list,
      cursor: null,
      runId,
      fetched: saved?.fetched ?? 0,
      total: saved?.total ?? null,
      skipped: saved?.skipped ?? 0,
      status: "done",
      updatedAt: new Date().toISOString(),
    });
    return removed;
  });
}

/** Deletes the rows of `list` that run `runId` did not see; answers how many. Inside a transaction. */
async function dropUnseen(db: P92Database, list: FollowList, runId: string): Promise<number> {
  let removed = 0;
  // Read in keyset pages (one getAll each, far faster than a cursor), never the whole list at once.
  for (let after: string | null = null; ;) {
    const rows: FollowRow[] = await followsOf(db, list, after).limit(FINISH_PAGE_ROWS).toArray();
    const unseen = rows
      .filter((row) => row.runId !== runId)
      .map((row): [FollowList, string] => [list, row.handle]);
    await db.follows.bulkDelete(unseen);
    removed += unseen.length;
    if (rows.length < FINISH_PAGE_ROWS) return removed;
    after = rows[rows.length - 1]!.handle;
  }
}

/** Marks unfinished runs paused (cancel, sign-out, tab closed): the cursor stays for a resume. */
export async function pauseFollowRuns(db: P92Database): Promise<void> {
  await db.transaction("rw", db.importState, async () => {
    await db.importState
      .where("list")
      .anyOf(FOLLOW_LISTS)
      .modify((state) => {
        if (state.status === "running") state.status = "paused";
      });
  });
}

/** Where the import of `list` stands (its run, cursor and figures); undefined before the first. */
export function readFollowRun(db: P92Database, list: FollowList): Promise<ImportStateRow | undefined> {
  return db.importState.get(list);
}

/**
 * What the device holds, in short: whose profile (name, badge, picture, when it was imported), and
 * how many accounts in each list.
 */
export interface ImportedSummary {
  handle: string;
  fullName: string;
  isVerified: boolean;
  importedAt: string;
  avatar: Blob | null;
  following: number;
  followers: number;
}

export async function summarizeImported(db: P92Database): Promise<ImportedSummary | null> {
  const [profile, following, followers] = await Promise.all([
    readImportedProfile(db),
    countFollows(db, "following"),
    countFollows(db, "followers"),
  ]);
  if (!profile) return null;
  const { handle, fullName, isVerified, importedAt, avatar } = profile;
  return { handle, fullName, isVerified, importedAt, avatar, following, followers };
}

/** One page of a stored list, in handle order, for handing to the site. */
export function readFollows(
  db: P92Database,
  list: FollowList,
  after: string | null,
  limit: number,
): Promise<ImportedFollow[]> {
  // Keyset paging: each page starts right after the last handle of the previous one, so reading
  // a whole list costs one pass, where an offset would skip again over every earlier row.
  return followsOf(db, list, after)
    .limit(limit)
    .toArray()
    .then((rows) => rows.map(({ runId: _runId, ...row }) => row));
}

/** How many accounts one stored list holds (a range over the primary key). */
export function countFollows(db: P92Database, list: FollowList): Promise<number> {
  return followsOf(db, list).count();
}

/** The rows of one list in handle order (after `after`, when given): a range over the primary key. */
function followsOf(db: P92Database, list: FollowList, after: string | null = null) {
  return db.follows
    .where("[list+handle]")
    .between([list, after ?? Dexie.minKey], [list, Dexie.maxKey], after === null);
}

/** "Delete imported data": the profile, both lists and the import cursors, all at once. */
export async function deleteImportedData(db: P92Database): Promise<void> {
  await db.transaction("rw", db.profile, db.follows, db.importState, async () => {
    await Promise.all([db.profile.clear(), db.follows.clear(), db.importState.clear()]);
  });
}
