import {
  GraphSettings,
  ListsUpload,
  MAX_LISTS_BYTES,
  MarkReadRequest,
  type ListsSummary,
  type MatchesResponse,
  type NotificationsResponse,
} from "../../../shared/graph.ts";
import { MAX_PAGE_SIZE } from "../../../shared/api.ts";
import { readJson, requireAccount, type Call } from "../http/endpoint.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { spendWrite } from "../http/write-limits.ts";
import { toAccount } from "../serialize.ts";

/** Handlers of the list, match and notification routes; the route files stay one line each. */

/** POST /api/instagram/lists: each list given replaces the one uploaded before. */
export async function uploadLists(call: Call): Promise<ListsSummary> {
  const accountId = await requireAccount(call);
  const upload = await readJson(call.request, ListsUpload, MAX_LISTS_BYTES);
  await spendWrite(call, accountId, "action");
  if (upload.following)
    await call.runtime.store.replaceInstagramList(accountId, "following", upload.following);
  if (upload.followers)
    await call.runtime.store.replaceInstagramList(accountId, "followers", upload.followers);
  return call.runtime.store.instagramListSummary(accountId);
}

export async function listsSummary(call: Call): Promise<ListsSummary> {
  return call.runtime.store.instagramListSummary(await requireAccount(call));
}

/** PATCH /api/instagram/settings: `{ autoFollow }`. */
export async function updateSettings(call: Call): Promise<ListsSummary> {
  const accountId = await requireAccount(call);
  const { autoFollow } = await readJson(call.request, GraphSettings);
  await spendWrite(call, accountId, "action");
  await call.runtime.store.setAutoFollow(accountId, autoFollow);
  return call.runtime.store.instagramListSummary(accountId);
}

export async function matches(call: Call): Promise<MatchesResponse> {
  const found = await call.runtime.store.instagramMatches(await requireAccount(call));
  return {
    accounts: found.accounts.map((a) => toAccount(call.runtime.config.publicUrl, a)),
    count: found.accounts.length,
    alreadyFollowing: found.alreadyFollowing,
  };
}

export async function followAll(call: Call): Promise<{ followed: number }> {
  const accountId = await requireAccount(call);
  await spendWrite(call, accountId, "action");
  return { followed: await call.runtime.store.followInstagramMatches(accountId) };
}

export async function listNotifications(call: Call): Promise<NotificationsResponse> {
  const accountId = await requireAccount(call);
  const params = call.context.url.searchParams;
  const before = params.get("before");
  const limitText = params.get("limit");
  if (before !== null && !/^\d{1,15}$/.test(before)) {
    throw new ApiFailure(400, "invalid_cursor", "before must be a cursor this server gave", "before");
  }
  const limit = limitText === null ? MAX_PAGE_SIZE : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ApiFailure(400, "invalid_limit", `limit must be 1 to ${MAX_PAGE_SIZE}`, "limit");
  }
  const page = await call.runtime.store.notifications(
    accountId,
    before === null ? null : Number(before),
    limit,
  );
  const last = page.notifications[page.notifications.length - 1];
  return { ...page, next: page.notifications.length === limit && last ? String(last.id) : null };
}

export async function markRead(call: Call): Promise<{ unread: number }> {
  const accountId = await requireAccount(call);
  const { upTo } = await readJson(call.request, MarkReadRequest);
  await spendWrite(call, accountId, "action");
  return { unread: await call.runtime.store.markNotificationsRead(accountId, upTo) };
}
