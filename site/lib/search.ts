import { AccountList, type PostPage } from "../../shared/api.ts";
import { readRemoteHandle } from "../../shared/input-rules.ts";
import type { Account, Post } from "../../shared/schema/social.ts";
import { matchesPrefixes, parseSearchQuery } from "../../shared/search-text.ts";
import { callApi } from "./api.ts";
import { fetchMissingAuthors, storeAccount } from "./authors.ts";
import { db } from "./db.ts";
import { storePosts } from "./posts.ts";
import { serverUrl, session } from "./store.ts";

/**
 * Search as the site does it: what a query names (someone elsewhere, a URL, a hashtag, words), the
 * server's people and post search, its lookup, and the device's own people when the server cannot
 * be asked. What the server answers is kept on the device, so it opens offline afterwards.
 */

export type QueryKind =
  /** `@user@host`, `user@host` or an http(s) URL: the server looks it up, elsewhere if need be. */
  | { kind: "lookup"; q: string }
  /** `#tag`: the tag's posts. */
  | { kind: "tag"; tag: string }
  | { kind: "words"; q: string }
  | { kind: "empty" };

export function queryKind(raw: string): QueryKind {
  const q = raw.trim();
  if (!q) return { kind: "empty" };
  if (/^https?:\/\/\S+$/i.test(q) || readRemoteHandle(q.replace(/^@/, "").replace(/^acct:/i, "")))
    return { kind: "lookup", q };
  const tag = /^#([\p{L}\p{N}_][\p{L}\p{M}\p{N}_]{0,99})$/u.exec(q);
  if (tag) return { kind: "tag", tag: tag[1]! };
  return { kind: "words", q };
}

interface Caller {
  serverUrl: string;
  token: string | null;
}

/** Who asks the server now: the signed-in session, or no one, at the server the site points to. */
export function currentReader(): Caller & { handle: string | null } {
  const current = session.value;
  return {
    serverUrl: current?.serverUrl ?? serverUrl.value,
    token: current?.token ?? null,
    handle: current?.handle ?? null,
  };
}

/** People the server finds for the words, best first; kept on the device. */
export async function searchPeople(caller: Caller, q: string, signal?: AbortSignal): Promise<Account[]> {
  const { accounts } = await callApi<AccountList>(
    caller.serverUrl,
    `/api/search/accounts?q=${encodeURIComponent(q)}&limit=8`,
    { token: caller.token, signal },
  );
  await db.transaction("rw", db.accounts, async () => {
    for (const account of accounts) await storeAccount(account);
  });
  return accounts;
}

/** People on the device whose handle or name starts with the words (offline, or while waiting). */
export async function searchKnownPeople(q: string, limit: number): Promise<Account[]> {
  const { words } = parseSearchQuery(q);
  if (words.length === 0) return [];
  const found: Account[] = [];
  // A device holds the people it has seen: a few thousand at most, read once.
  await db.accounts.each((account) => {
    if (
      found.length < limit &&
      matchesPrefixes(`${account.handle.split("@")[0]} ${account.displayName}`, words)
    )
      found.push(account);
  });
  return found;
}

/** One page of posts holding the words (or `#tag`), newest first; kept on the device. */
export async function searchPostPage(
  caller: Caller,
  q: string,
  before: string | null,
): Promise<{ ids: string[]; next: string | null }> {
  const cursor = before ? `&before=${encodeURIComponent(before)}` : "";
  const page = await callApi<PostPage>(
    caller.serverUrl,
    `/api/search/posts?q=${encodeURIComponent(q)}&limit=20${cursor}`,
    { token: caller.token },
  );
  await storePosts(page.posts);
  void fetchMissingAuthors(caller.serverUrl, page.posts);
  return { ids: page.posts.map((p) => p.id), next: page.next };
}

export type Found = { account: Account } | { post: Post };

/** What `@user@host` or a URL names, looked up by the server (asking its server when unknown). */
export async function lookUp(caller: Caller, q: string, signal?: AbortSignal): Promise<Found> {
  const found = await callApi<Found>(caller.serverUrl, `/api/lookup?q=${encodeURIComponent(q)}`, {
    token: caller.token,
    signal,
  });
  if ("account" in found) await storeAccount(found.account);
  else {
    await storePosts([found.post]);
    void fetchMissingAuthors(caller.serverUrl, [found.post]);
  }
  return found;
}
