import {
  RELATION_LIST_PAGE,
  type AccountActionAnswer,
  type ProfileAnswer,
  type RelationListPage,
} from "../../../shared/api.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";
import type { Operation } from "../../../shared/sync.ts";
import { handleToFollow } from "../federation/lookup.ts";
import { handleParam, requireAccount, type Call } from "../http/endpoint.ts";
import { found, notFound } from "../http/errors.ts";
import { perform } from "../operations.ts";
import { cursorParam, limitParam, readerOf } from "../posts/pages.ts";
import { toAccount } from "../serialize.ts";
import type { AccountRecord } from "../storage/records.ts";
import type { RelationKind } from "../storage/rows/relations.ts";

/** A profile as its reader may see it: none (404) for someone who blocked the reader. */
export interface SeenAccount {
  account: AccountRecord;
  reader: number | null;
  /** Whether the reader blocked or muted the account (null: no one signed in, or themself). */
  relations: { blocking: boolean; muting: boolean } | null;
}

/**
 * The account a profile route names (`:handle`) as the reader may see it: not found when it does
 * not exist (or was deleted), is suspended, or blocked the reader. The person who blocked still sees the profile (to
 * unblock), but none of its posts.
 */
export async function seenAccount(call: Call): Promise<SeenAccount> {
  const handle = handleParam(call);
  const { store } = call.runtime;
  const [account, reader] = await Promise.all([store.accountByHandle(handle), readerOf(call)]);
  if (!account) {
    // Deleted here, its handle still reserved: a 404 that says so.
    if ((await store.localAccountState(handle))?.deletedAt)
      throw new ApiFailure(404, "deleted", `@${handle} deleted their account`);
    throw notFound(`@${handle}`);
  }
  if (account.suspended) throw suspended(handle);
  if (reader === null || reader === account.id) return { account, reader, relations: null };
  const between = await store.relationsBetween(reader, account.id);
  if (between.blockedBy) throw notFound(`@${handle}`);
  return { account, reader, relations: { blocking: between.blocking, muting: between.muting } };
}

/** GET /api/accounts/:handle: the profile, with the reader's follow and relations. */
export async function profileAnswer(call: Call): Promise<ProfileAnswer> {
  const { account, reader, relations } = await seenAccount(call);
  const { store, config } = call.runtime;
  const follow = relations && reader !== null ? await store.followState(reader, account.id) : undefined;
  return {
    account: toAccount(config.publicUrl, account),
    ...(follow ? { follow } : {}),
    ...(relations ? { relations } : {}),
  };
}

/** What someone does to an account by its handle: follow, block, mute, or undo one of them. */
export type AccountAction = Extract<Operation, { handle: string }>["type"];

/**
 * POST and DELETE of /api/accounts/:handle/follow, /block and /mute (idempotent): someone
 * elsewhere by `user@host` is looked up first when unknown here (to follow or block them before
 * they ever reach here). Answers where things now stand, and the account unless it blocked the
 * one acting (who may still block, mute, or take back a follow, but sees nothing of it).
 */
export async function actOnAccount(call: Call, type: AccountAction): Promise<AccountActionAnswer> {
  const accountId = await requireAccount(call);
  const doing = !type.startsWith("un");
  const handle = await handleToFollow(call, accountId, handleParam(call), { fetch: doing });
  const { store, config } = call.runtime;
  // Nobody starts following someone suspended (blocking or muting them, or undoing, stays possible).
  if (type === "follow" && (await store.accountByHandle(handle))?.suspended) throw suspended(handle);
  await perform(call, accountId, { type, handle });
  const account = found(await store.accountByHandle(handle), `@${handle}`);
  const between = await store.relationsBetween(accountId, account.id);
  const relations = { blocking: between.blocking, muting: between.muting };
  if (between.blockedBy) return { relations };
  return {
    account: toAccount(config.publicUrl, account),
    follow: await store.followState(accountId, account.id),
    relations,
  };
}

/** GET /api/me/blocks and /api/me/mutes?before=&limit=: whom the account blocked or muted. */
export async function relationList(call: Call, kind: RelationKind): Promise<RelationListPage> {
  const accountId = await requireAccount(call);
  const url = new URL(call.request.url);
  const before = cursorParam(url, "before");
  const limit = limitParam(url, RELATION_LIST_PAGE, "accounts");
  const page = await call.runtime.store.relationPage(accountId, kind, before, limit);
  return {
    accounts: page.accounts.map((account) => toAccount(call.runtime.config.publicUrl, account)),
    next: page.next === null ? null : String(page.next),
  };
}

/** Someone suspended shows nothing: a 404 that says why. */
const suspended = (handle: string) => new ApiFailure(404, "suspended", `@${handle} is suspended`);
