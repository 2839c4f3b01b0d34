import type { Account, Post } from "../../shared/schema/social.ts";
import { ApiFailure } from "../../shared/api-failure.ts";
import { callApi } from "./api.ts";
import { db } from "./db.ts";
import { storeFollow, type FollowState } from "./follows.ts";

/** At most this many profiles are asked for at once; the rest wait for the next page. */
const BATCH = 20;

/** Handles asked for since this page loaded, so each unknown author is asked once. */
const asked = new Set<string>();

/**
 * Posts name their author by handle only. When the device holds no profile for an author (a
 * fresh sign-in, someone from the Everyone tab, a quoted post), this fetches it in the background
 * so the post shows a name and an avatar; until then it shows the handle. A fetch that failed for
 * want of a network is asked again with a later page. It never throws: callers do not wait for it.
 */
export async function fetchMissingAuthors(serverUrl: string, posts: Post[]): Promise<void> {
  const handles = [...new Set(posts.map((post) => post.author))].filter((h) => !asked.has(h));
  if (handles.length === 0) return;
  const held = await db.accounts.bulkGet(handles).catch(() => []);
  const missing = handles.filter((_, i) => !held[i]).slice(0, BATCH);
  for (const handle of missing) asked.add(handle);
  await Promise.all(
    missing.map((handle) =>
      fetchAccount(serverUrl, handle).catch((error: unknown) => {
        // Only a network failure is worth asking again; a refusal (a 404) would answer the same.
        if (error instanceof ApiFailure && error.status === 0) asked.delete(handle);
      }),
    ),
  );
}

/** Refreshes one profile from the server. */
export async function fetchAccount(serverUrl: string, handle: string): Promise<void> {
  const answer = await callApi<{ account: Account }>(
    serverUrl,
    `/api/accounts/${encodeURIComponent(handle)}`,
  );
  await storeAccount(answer.account);
}

/**
 * Keeps accounts as the server describes them, with where the reader's follow of each stands
 * (`follow`, when the server said). A follow or unfollow still waiting in the outbox is newer
 * than what the server says: that one is left as it is.
 */
export async function storeAccountsForReader(
  readerHandle: string | null,
  entries: { account: Account; follow?: FollowState }[],
): Promise<void> {
  await db.transaction("rw", db.accounts, db.siteFollows, db.outbox, async () => {
    const queued = new Set(
      (await db.outbox.toArray()).flatMap((row) => {
        const op = row.op as { type?: string; handle?: string };
        return (op.type === "follow" || op.type === "unfollow") && op.handle ? [op.handle] : [];
      }),
    );
    for (const { account, follow } of entries) {
      await storeAccount(account);
      if (follow && readerHandle && !queued.has(account.handle))
        await storeFollow(readerHandle, account.handle, follow);
    }
  });
}

/** Keeps an account as the server describes it (from sync, a profile page, sign-in, a proof). */
export async function storeAccount(account: Account): Promise<void> {
  await db.accounts.put(account);
}

/** The account of `handle` on the device; null when it holds none. */
export async function readAccount(handle: string): Promise<Account | null> {
  return (await db.accounts.get(handle)) ?? null;
}
