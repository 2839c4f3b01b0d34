import { FOLLOW_LIST_PAGE, type FollowListPage } from "../../../shared/api.ts";
import { handleParam, type Call } from "../http/endpoint.ts";
import { notFound } from "../http/errors.ts";
import { cursorParam, limitParam, readerOf } from "../posts/pages.ts";
import { toAccount } from "../serialize.ts";

/**
 * GET /api/accounts/:handle/followers and /following: the accounts on that side of the account's
 * follows that this server knows (for someone elsewhere, the follows with people here), oldest
 * first, each with where the reader's own follow of it stands. An answer is bounded: at most
 * FOLLOW_LIST_PAGE accounts, each of bounded size.
 */
export async function followList(call: Call, side: "followers" | "following"): Promise<FollowListPage> {
  const handle = handleParam(call);
  const { store, config } = call.runtime;
  const account = await store.accountByHandle(handle);
  if (!account) throw notFound(`@${handle}`);
  const url = new URL(call.request.url);
  const after = cursorParam(url, "after");
  const limit = limitParam(url, FOLLOW_LIST_PAGE, "accounts");
  const [page, reader] = await Promise.all([
    store.followPage(account.id, side, after, limit),
    readerOf(call),
  ]);
  const accounts: FollowListPage["accounts"] = [];
  for (const { handle: listed } of page.accounts) {
    const record = await store.accountByHandle(listed);
    if (!record) continue;
    const follow =
      reader === null || reader === record.id ? undefined : await store.followState(reader, record.id);
    accounts.push({ account: toAccount(config.publicUrl, record), ...(follow ? { follow } : {}) });
  }
  return { accounts, next: page.next === null ? null : String(page.next) };
}
