import type { Recipient } from "@fedify/fedify/vocab";
import type { AccountRecord, FollowPage } from "../storage/records.ts";
import type { Store } from "../storage/store.ts";
import type { P92Federation } from "./federation.ts";
import { createOf, noteLinks, noteOf } from "./notes.ts";
import { FEDERATION_PATHS } from "./paths.ts";
import { recipientOf } from "./remote-actors.ts";

/** Items per page of the outbox and of the follow collections. */
export const OUTBOX_PAGE = 20;
export const FOLLOWS_PAGE = 100;

/** A cursor as the collections write it: a whole number, or null when it is not one. */
const position = (cursor: string | null): number | null =>
  cursor !== null && /^[1-9]\d{0,15}$/.test(cursor) ? Number(cursor) : null;

/**
 * An account's outbox (its posts, newest first, each as the `Create` that published it) and its
 * followers and following, each a paged `OrderedCollection` with its total.
 */
export function registerCollections(
  federation: P92Federation,
  store: Store,
  accountOf: (identifier: string) => Promise<AccountRecord | null>,
): void {
  federation
    .setOutboxDispatcher(FEDERATION_PATHS.outbox, async (ctx, identifier, cursor) => {
      const account = await accountOf(identifier);
      if (!account || cursor === null) return null;
      // What anyone may read (a local account's posts are all public).
      const page = { before: position(cursor), limit: OUTBOX_PAGE };
      const posts = await store.profilePosts(account.id, page, null);
      const items = [];
      for (const post of posts) {
        items.push(createOf(ctx, noteOf(ctx, post, await noteLinks(ctx, store, post)), post));
      }
      const next = posts.length === OUTBOX_PAGE ? String(posts.at(-1)!.seq) : null;
      return { items, nextCursor: next };
    })
    .setFirstCursor(() => "")
    .setCounter(async (_ctx, identifier) => (await accountOf(identifier))?.postCount ?? null);

  /** One page of the accounts on a side of the account's follows, or null for no such account. */
  const followPage = async (side: "followers" | "following", identifier: string, cursor: string | null) => {
    const account = await accountOf(identifier);
    if (!account || cursor === null) return null;
    return store.followPage(account.id, side, position(cursor), FOLLOWS_PAGE);
  };
  const nextCursor = (page: FollowPage) => (page.next === null ? null : String(page.next));

  federation
    .setFollowersDispatcher(FEDERATION_PATHS.followers, async (ctx, identifier, cursor) => {
      const page = await followPage("followers", identifier, cursor);
      if (!page) return null;
      const items: Recipient[] = page.accounts.map(({ handle, remote }) =>
        remote
          ? recipientOf(remote)
          : {
              id: ctx.getActorUri(handle),
              inboxId: ctx.getInboxUri(handle),
              endpoints: { sharedInbox: ctx.getInboxUri() },
            },
      );
      return { items, nextCursor: nextCursor(page) };
    })
    .setFirstCursor(() => "")
    .setCounter(async (_ctx, identifier) => (await accountOf(identifier))?.followerCount ?? null);

  federation
    .setFollowingDispatcher(FEDERATION_PATHS.following, async (ctx, identifier, cursor) => {
      const page = await followPage("following", identifier, cursor);
      if (!page) return null;
      const items = page.accounts.map(({ handle, remote }) =>
        remote ? new URL(remote.actorUri) : ctx.getActorUri(handle),
      );
      return { items, nextCursor: nextCursor(page) };
    })
    .setFirstCursor(() => "")
    .setCounter(async (_ctx, identifier) => (await accountOf(identifier))?.followingCount ?? null);
}
