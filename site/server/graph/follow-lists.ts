import { FOLLOW_LIST_PAGE, type FollowListPage } from "../../../shared/api.ts";
import type { Call } from "../http/endpoint.ts";
import { cursorParam, limitParam } from "../posts/pages.ts";
import { toAccount } from "../serialize.ts";
import type { Store } from "../storage/store.ts";
import { seenAccount } from "./relations.ts";

/**
 * GET /api/accounts/:handle/followers and /following: the accounts on that side of the account's
 * follows that this server knows (for someone elsewhere, the follows with people here), oldest
 * first, each with where the reader's own follow of it stands, none suspended, none that the
 * reader blocked or is blocked by (nor any list of someone who blocked the reader). An answer is bounded: at most
 * FOLLOW_LIST_PAGE accounts, each of bounded size.
 */
export async function followList(call: Call, side: "followers" | "following"): Promise<FollowListPage> {
  const { store, config } = call.runtime;
  const { account, reader } = await seenAccount(call);
  const url = new URL(call.request.url);
  const after = cursorParam(url, "after");
  const limit = limitParam(url, FOLLOW_LIST_PAGE, "accounts");
  const page = await store.followPage(account.id, side, after, limit);
  const accounts: FollowListPage["accounts"] = [];
  for (const { handle: listed } of page.accounts) {
    const record = await store.accountByHandle(listed);
    if (!record || record.suspended || record.deleted) continue;
    if (reader !== null && (await blockedEitherWay(store, reader, record.id))) continue;
    const follow =
      reader === null || reader === record.id ? undefined : await store.followState(reader, record.id);
    accounts.push({ account: toAccount(config.publicUrl, record), ...(follow ? { follow } : {}) });
  }
  return { accounts, next: page.next === null ? null : String(page.next) };
}

/** Whether either account blocked the other (then neither is listed to the other). */
async function blockedEitherWay(store: Store, a: number, b: number): Promise<boolean> {
  const between = await store.relationsBetween(a, b);
  return between.blocking || between.blockedBy;
}
