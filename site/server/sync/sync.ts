import {
  MAX_CHANGES_PER_PAGE,
  SyncOp,
  type OpResult,
  type SyncChange,
  type SyncRequest,
} from "../../../shared/sync.ts";
import { validate } from "../../../shared/validate.ts";
import { ANSWER_BUDGET_BYTES, fitItems } from "../http/answer-budget.ts";
import { invalid, type Call } from "../http/endpoint.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { perform } from "../operations.ts";
import { toAccount, toPost, toSyncChange } from "../serialize.ts";

/** How much a first sync (no cursor) gets: the newest posts of the following timeline. */
export const FIRST_SYNC_POSTS = 200;
const FIRST_SYNC_FOLLOWS = 5000;
/** The most blocks and mutes a first sync sends (the newest): each device leaves them out. */
const FIRST_SYNC_RELATIONS = 5000;
const CURSOR_PREFIX = "c1.";

interface Pulled {
  /** Each change's JSON, in order. */
  changes: string[];
  cursor: string;
  more: boolean;
}

/**
 * POST /api/sync: applies the client's ops (each at most once), then sends what changed, as the
 * JSON text of a SyncResponse: its changes stop at the answer's byte budget (`more: true` then),
 * so what anyone else posted can make a page shorter, never break it.
 */
export async function onSync(call: Call, accountId: number, request: SyncRequest): Promise<string> {
  const results = JSON.stringify(await applyOps(call, accountId, request.ops));
  const budget = ANSWER_BUDGET_BYTES - Buffer.byteLength(results) - 1024;
  const pulled =
    request.cursor === null
      ? await firstSync(call, accountId, budget)
      : await pull(call, accountId, parseCursor(request.cursor), request.known, budget);
  const unread = await call.runtime.store.unreadNotifications(accountId);
  return (
    `{"results":${results},"changes":[${pulled.changes.join(",")}],` +
    `"cursor":${JSON.stringify(pulled.cursor)},"more":${pulled.more},"notifications":{"unread":${unread}}}`
  );
}

async function applyOps(call: Call, accountId: number, raw: SyncRequest["ops"]): Promise<OpResult[]> {
  const ops = raw.map((input) => ({ opId: input.opId, checked: validate(SyncOp, input) }));
  const retried = await Promise.all(ops.map((op) => call.runtime.store.isOpApplied(accountId, op.opId)));
  // Started in order, in one step, so the store's writer runs them in the batch's order.
  return Promise.all(
    ops.map(async ({ opId, checked }, i): Promise<OpResult> => {
      if (!checked.ok) return refused(opId, invalid(checked));
      try {
        await perform(call, accountId, checked.value, { opId, retried: retried[i]! });
        return { opId, ok: true };
      } catch (error) {
        if (error instanceof ApiFailure) return refused(opId, error);
        throw error;
      }
    }),
  );
}

/** An op's result carries the same error as the route that does the same thing would answer. */
const refused = (opId: string, failure: ApiFailure): OpResult => ({
  opId,
  ok: false,
  error: failure.body.error,
});

function parseCursor(cursor: string): number {
  const seq = cursor.startsWith(CURSOR_PREFIX) ? Number(cursor.slice(CURSOR_PREFIX.length)) : NaN;
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new ApiFailure(
      400,
      "invalid_cursor",
      "The cursor is not one this server gave; sync again with null",
      "cursor",
    );
  }
  return seq;
}

const formatCursor = (seq: number) => `${CURSOR_PREFIX}${seq}`;

/** The changes after the cursor, as many as the page and the byte budget hold. */
async function pull(
  call: Call,
  accountId: number,
  after: number,
  known: string[],
  budget: number,
): Promise<Pulled> {
  const { store, config } = call.runtime;
  const page = await store.changesSince(accountId, after, known, MAX_CHANGES_PER_PAGE);
  const changes = fitItems(page.changes, budget, (c) => JSON.stringify(toSyncChange(config.publicUrl, c)));
  if (changes.length < page.changes.length) {
    // Cut by the budget: the next page starts right after the last change sent.
    return { changes, cursor: formatCursor(page.changes[changes.length - 1]!.seq), more: true };
  }
  return { changes, cursor: formatCursor(page.last), more: page.more };
}

/**
 * A first sync sends a recent window, not all of history: the person's account, whom they follow
 * and whom they blocked or muted,
 * the newest posts of their following timeline (as many as the byte budget holds) and their own
 * likes and reposts of those. The cursor is the end of the change log in the same snapshot, so
 * nothing is skipped after it.
 */
async function firstSync(call: Call, accountId: number, budget: number): Promise<Pulled> {
  const { store, config } = call.runtime;
  const window = await store.firstSyncWindow(accountId, {
    posts: FIRST_SYNC_POSTS,
    follows: FIRST_SYNC_FOLLOWS,
    relations: FIRST_SYNC_RELATIONS,
  });
  if (!window) throw new ApiFailure(401, "unauthenticated", "This session's account no longer exists");
  const { account, viewerState } = window;
  const head: SyncChange[] = [{ kind: "account", account: toAccount(config.publicUrl, account) }];
  for (const followee of window.followees) {
    head.push({ kind: "follow", follower: account.handle, followee, active: true });
  }
  for (const { handle, kind } of window.relations) {
    head.push({ kind: "relation", relation: kind, handle, active: true });
  }
  const headJson = head.map((change) => JSON.stringify(change));
  const headBytes = headJson.reduce((sum, text) => sum + Buffer.byteLength(text) + 1, 0);
  // Newest first, so the budget keeps the newest; each post with the reader's like and repost.
  const posts = fitItems(window.posts, budget - headBytes, (post) => {
    const group: SyncChange[] = [{ kind: "post", post: toPost(config.publicUrl, post) }];
    const mine = viewerState.get(post.id);
    if (mine?.liked) group.push({ kind: "like", postId: post.id, active: true });
    if (mine?.reposted) group.push({ kind: "repost", postId: post.id, active: true });
    return group.map((change) => JSON.stringify(change)).join(",");
  });
  return { changes: [...headJson, ...posts.reverse()], cursor: formatCursor(window.cursor), more: false };
}
