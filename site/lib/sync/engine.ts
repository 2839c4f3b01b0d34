import { MAX_KNOWN_POSTS, MAX_OPS_PER_SYNC } from "../../../shared/sync-limits.ts";
import type { SyncResponse } from "../../../shared/sync.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { callApi } from "../api.ts";
import { fetchMissingAuthors } from "../authors.ts";
import { db } from "../db.ts";
import type { OutboxRow } from "../../../shared/db/schema.ts";
import { SETTING, accountKey, readSetting, writeSetting, type Session } from "../settings.ts";
import { applySyncPage } from "./apply.ts";

export type SyncOutcome = { ok: true; pages: number } | { ok: false; error: ApiFailure };

/**
 * One full sync: pushes the outbox in batches and pulls every change since the saved cursor,
 * page after page while the server says `more`. Each page is applied in one transaction.
 */
export async function syncOnce(session: Session): Promise<SyncOutcome> {
  let pages = 0;
  // Sent with every page: the server sends fresh counts only for posts named in that request.
  const known = await recentPostIds();
  // Operations left by another account that signed out here wait for it (settings.clearSession).
  const mine = (row: OutboxRow) => row.account === undefined || row.account === accountKey(session);
  try {
    for (;;) {
      const sent = await db.outbox.orderBy("seq").filter(mine).limit(MAX_OPS_PER_SYNC).toArray();
      const cursor = (await readSetting<string>(SETTING.syncCursor)) ?? null;
      const answer = await callApi<SyncResponse>(session.serverUrl, "/api/sync", {
        token: session.token,
        body: { ops: sent.map((row) => row.op), cursor, known },
      });
      const settled = await applySyncPage(session.handle, sent, answer.results, answer.changes, () =>
        writeSetting(SETTING.syncCursor, answer.cursor),
      );
      pages++;
      const posts = answer.changes.flatMap((change) => (change.kind === "post" ? [change.post] : []));
      void fetchMissingAuthors(session.serverUrl, posts);
      // Go on while the server has more, or while the outbox drains (more than one batch);
      // a round that settled no operation stops, so a server that skips one cannot loop us.
      const waiting = await db.outbox.filter(mine).count();
      const drained = waiting === 0 || sent.length === 0 || settled === 0;
      if (!answer.more && drained) return { ok: true, pages };
    }
  } catch (error) {
    const failure =
      error instanceof ApiFailure ? error : new ApiFailure(0, "unexpected", (error as Error).message);
    await noteFailure(failure);
    return { ok: false, error: failure };
  }
}

async function recentPostIds(): Promise<string[]> {
  const keys = await db.posts.orderBy("createdAt").reverse().limit(MAX_KNOWN_POSTS).primaryKeys();
  return keys as string[];
}

async function noteFailure(failure: ApiFailure): Promise<void> {
  await db.transaction("rw", db.outbox, async () => {
    await db.outbox.toCollection().modify((row) => {
      row.attempts += 1;
      row.lastError = failure.message;
    });
  });
}
