import type { FollowListPage } from "../../shared/api.ts";
import type { Account } from "../../shared/schema/social.ts";
import { callApi } from "./api.ts";
import { storeAccountsForReader } from "./authors.ts";

export type FollowSide = "followers" | "following";

/**
 * One page of who follows `handle`, or whom they follow, from the server (the lists are not kept
 * on the device: only the accounts in them, and where the reader's follow of each stands, so the
 * Follow buttons are right). `after`: the `next` of the page before; null for the first.
 */
export async function fetchFollowList(
  reader: { serverUrl: string; token: string | null; handle: string | null },
  handle: string,
  side: FollowSide,
  after: string | null,
): Promise<{ accounts: Account[]; next: string | null }> {
  const query = after === null ? "" : `?after=${encodeURIComponent(after)}`;
  const page = await callApi<FollowListPage>(
    reader.serverUrl,
    `/api/accounts/${encodeURIComponent(handle)}/${side}${query}`,
    { token: reader.token },
  );
  await storeAccountsForReader(reader.handle, page.accounts);
  return { accounts: page.accounts.map((entry) => entry.account), next: page.next };
}
