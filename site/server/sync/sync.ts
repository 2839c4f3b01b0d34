import {
  MAX_CHANGES_PER_PAGE,
  type OpResult,
  type SyncChange,
  type SyncOp,
  type SyncRequest,
  type SyncResponse,
} from "../../../shared/sync.ts";
import type { Call } from "../http/endpoint.ts";
import { ApiFailure } from "../http/errors.ts";
import { newPostRecord } from "../posts/create.ts";
import { failureOf } from "../posts/outcomes.ts";
import { toAccount, toPost, toSyncChange } from "../serialize.ts";
import type { StoreOp } from "../storage/store.ts";

/** How much a first sync (no cursor) gets: the newest posts of the following timeline. */
export const FIRST_SYNC_POSTS = 200;
const FIRST_SYNC_FOLLOWS = 5000;
const CURSOR_PREFIX = "c1.";

/** POST /api/sync: applies the client's ops (each at most once), then sends what changed. */
export async function onSync(call: Call, accountId: number, request: SyncRequest): Promise<SyncResponse> {
  const results = await applyOps(call, accountId, request.ops);
  const pulled =
    request.cursor === null
      ? await firstSync(call, accountId)
      : await pull(call, accountId, parseCursor(request.cursor), request.known);
  const unread = await call.runtime.store.unreadNotifications(accountId);
  return { results, ...pulled, notifications: { unread } };
}

async function applyOps(call: Call, accountId: number, ops: SyncOp[]): Promise<OpResult[]> {
  const { store, limiter } = call.runtime;
  // A retried batch re-sends posts that were applied already: they answer ok again without
  // spending the posting allowance a second time.
  const applied = await Promise.all(
    ops.map(async (op) => op.type !== "createPost" || (await store.isOpApplied(accountId, op.opId))),
  );
  // Queued in order, in one step, so the store's writer runs them in the batch's order.
  return Promise.all(
    ops.map(async (op, i): Promise<OpResult> => {
      if (!applied[i]) {
        const wait =
          limiter.tryTake("postsPerAccount", String(accountId)) || limiter.tryTake("postsPerIp", call.ip);
        if (wait > 0) {
          return {
            opId: op.opId,
            ok: false,
            error: { code: "rate_limited", message: `Too many posts; try again in ${wait} s` },
          };
        }
      }
      const outcome = await store.applyOp(accountId, op.opId, storeOp(op));
      const failure = failureOf(outcome);
      return failure ? { opId: op.opId, ok: false, error: failure.body.error } : { opId: op.opId, ok: true };
    }),
  );
}

function storeOp(op: SyncOp): StoreOp {
  switch (op.type) {
    case "createPost":
      return { type: "createPost", post: newPostRecord(op.post) };
    case "updateProfile":
      return { type: "updateProfile", profile: op.profile };
    case "follow":
    case "unfollow":
      return { type: op.type, handle: op.handle };
    default:
      return { type: op.type, postId: op.postId };
  }
}

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

async function pull(call: Call, accountId: number, after: number, known: string[]) {
  const { store, config } = call.runtime;
  const page = await store.changesSince(accountId, after, known, MAX_CHANGES_PER_PAGE);
  return {
    changes: page.changes.map((c) => toSyncChange(config.publicUrl, c)),
    cursor: formatCursor(page.last),
    more: page.more,
  };
}

/**
 * A first sync sends a recent window, not all of history: the person's account, whom they follow,
 * the newest posts of their following timeline and their own likes and reposts of those. The
 * cursor is the end of the change log in the same snapshot, so nothing is skipped after it.
 */
async function firstSync(call: Call, accountId: number) {
  const { store, config } = call.runtime;
  const window = await store.firstSyncWindow(accountId, {
    posts: FIRST_SYNC_POSTS,
    follows: FIRST_SYNC_FOLLOWS,
  });
  if (!window) throw new ApiFailure(401, "unauthenticated", "This session's account no longer exists");
  const { account, viewerState } = window;
  const changes: SyncChange[] = [{ kind: "account", account: toAccount(config.publicUrl, account) }];
  for (const followee of window.followees) {
    changes.push({ kind: "follow", follower: account.handle, followee, active: true });
  }
  for (const post of window.posts.reverse()) {
    changes.push({ kind: "post", post: toPost(config.publicUrl, post) });
    const mine = viewerState.get(post.id);
    if (mine?.liked) changes.push({ kind: "like", postId: post.id, active: true });
    if (mine?.reposted) changes.push({ kind: "repost", postId: post.id, active: true });
  }
  return { changes, cursor: formatCursor(window.cursor), more: false };
}
