import path from "node:path";
import {
  ARCHIVE_FILES,
  type ArchivedAccount,
  type ArchivedInteraction,
  type ArchivedMedia,
  type ArchivedPost,
} from "../../../shared/archive.ts";
import type { Runtime } from "../runtime.ts";
import { accountUrl, postUrl } from "../serialize.ts";
import {
  isRemoteMedia,
  type AccountRecord,
  type InstagramList,
  type MediaRecord,
  type PostRecord,
} from "../storage/records.ts";
import type { Interaction } from "../storage/rows/archive.ts";
import type { FollowSide } from "../storage/rows/federation.ts";
import type { RelationKind } from "../storage/rows/relations.ts";

/**
 * What an archive lists, read from the Store a page at a time (memory stays the same for ten
 * posts or a hundred thousand) and written as JSON item by item.
 */

type Reader = Pick<Runtime, "store" | "config">;

/** Rows read at a time. */
const PAGE = 200;

/** Where a file of this server is in the archive: `media/<its stored name>`. */
export const mediaPath = (media: Pick<MediaRecord, "file">) =>
  `${ARCHIVE_FILES.media}${path.basename(media.file)}`;

/** A JSON array written item by item: `[`, the items, `]`. */
export async function* jsonArray(pages: AsyncIterable<unknown[]>): AsyncIterable<string> {
  let first = true;
  yield "[";
  for await (const page of pages) {
    for (const item of page) {
      yield `${first ? "\n" : ",\n"}  ${JSON.stringify(item)}`;
      first = false;
    }
  }
  yield first ? "]\n" : "\n]\n";
}

/**
 * Pages read one after the other: `read` answers a page's items and the cursor of the next, or
 * null after the last.
 */
async function* pages<T, C>(
  read: (cursor: C | null) => Promise<{ items: T[]; next: C | null }>,
): AsyncIterable<T[]> {
  let cursor: C | null = null;
  do {
    const page: { items: T[]; next: C | null } = await read(cursor);
    if (page.items.length > 0) yield page.items;
    cursor = page.next;
  } while (cursor !== null);
}

/** A page read by key: the next starts after its last item when it was full. */
const keyed = <T, C>(items: T[], key: (item: T) => C) => ({
  items,
  next: items.length < PAGE ? null : key(items.at(-1)!),
});

/** The account's posts (not deleted), newest first, a page at a time. */
export function ownPosts(
  runtime: Pick<Runtime, "store">,
  account: AccountRecord,
): AsyncIterable<PostRecord[]> {
  return pages(async (before: number | null) =>
    keyed(
      await runtime.store.profilePosts(account.id, { before, limit: PAGE }, account.id),
      (post) => post.seq,
    ),
  );
}

/** The account's posts as archived: the addresses of what they answer or quote, their earlier texts. */
export async function* archivedPosts(runtime: Reader, account: AccountRecord): AsyncIterable<ArchivedPost[]> {
  const { store } = runtime;
  const server = runtime.config.publicUrl;
  for await (const page of ownPosts(runtime, account)) {
    const targets = [...new Set(page.flatMap((post) => [post.replyTo, post.quoteOf]))].filter(
      (id): id is string => id !== null,
    );
    const urls = new Map(
      await Promise.all(
        targets.map(async (id) => [id, (await store.objectUriOfPost(id)) ?? postUrl(server, id)] as const),
      ),
    );
    const edited = page.filter((post) => post.editedAt !== null);
    const earlier = new Map(
      await Promise.all(edited.map(async (post) => [post.id, await store.earlierTexts(post.id)] as const)),
    );
    yield page.map((post) => ({
      ...archivedPost(server, post),
      replyToUrl: post.replyTo ? (urls.get(post.replyTo) ?? null) : null,
      quoteOfUrl: post.quoteOf ? (urls.get(post.quoteOf) ?? null) : null,
      earlierTexts: earlier.get(post.id) ?? [],
    }));
  }
}

function archivedPost(
  server: string,
  post: PostRecord,
): Omit<ArchivedPost, "replyToUrl" | "quoteOfUrl" | "earlierTexts"> {
  const media: ArchivedMedia[] = post.media.flatMap((m) =>
    isRemoteMedia(m)
      ? []
      : [
          {
            file: mediaPath(m),
            kind: m.kind,
            mimeType: m.mimeType,
            alt: m.alt,
            width: m.width,
            height: m.height,
            duration: m.duration,
          },
        ],
  );
  return {
    id: post.id,
    url: postUrl(server, post.id),
    text: post.text,
    links: post.links,
    createdAt: post.createdAt,
    editedAt: post.editedAt,
    visibility: post.visibility,
    contentWarning: post.contentWarning,
    sensitive: post.sensitive,
    replyTo: post.replyTo,
    quoteOf: post.quoteOf,
    replyPolicy: post.replyPolicy,
    media,
  };
}

/** Someone as another server finds them: `user@host` (this server's too), with their actor. */
function archivedAccount(
  runtime: Reader,
  account: { handle: string; remote: { actorUri: string } | null },
): ArchivedAccount {
  const { publicUrl } = runtime.config;
  return account.remote
    ? { handle: account.handle, actor: account.remote.actorUri }
    : {
        handle: `${account.handle}@${new URL(publicUrl).host}`,
        actor: accountUrl(publicUrl, account.handle),
      };
}

/** Followers, followed, or asked to follow. */
export function follows(
  runtime: Reader,
  account: AccountRecord,
  side: FollowSide,
): AsyncIterable<ArchivedAccount[]> {
  return pages(async (after: number | null) => {
    const page = await runtime.store.followPage(account.id, side, after, PAGE);
    return { items: page.accounts.map((someone) => archivedAccount(runtime, someone)), next: page.next };
  });
}

/** Those the account blocked or muted, the latest first. */
export function relations(
  runtime: Reader,
  account: AccountRecord,
  kind: RelationKind,
): AsyncIterable<ArchivedAccount[]> {
  return pages(async (before: number | null) => {
    const page = await runtime.store.relationPage(account.id, kind, before, PAGE);
    return { items: page.accounts.map((someone) => archivedAccount(runtime, someone)), next: page.next };
  });
}

/** The posts liked or reposted, by their address. */
export function interactions(
  runtime: Reader,
  account: AccountRecord,
  kind: Interaction,
): AsyncIterable<ArchivedInteraction[]> {
  const url = (post: { objectUri: string | null; postId: string }) =>
    post.objectUri ?? postUrl(runtime.config.publicUrl, post.postId);
  return pages(async (after: string | null) => {
    const page = await runtime.store.interactionPage(account.id, kind, after, PAGE);
    const { next } = keyed(page, (post) => post.postId);
    return { items: page.map((post) => ({ url: url(post), at: post.at })), next };
  });
}

/** `{ "followers": [...], "following": [...] }`, each list written handle by handle. */
export async function* instagramLists(
  runtime: Pick<Runtime, "store">,
  account: AccountRecord,
): AsyncIterable<string> {
  for (const list of ["followers", "following"] as InstagramList[]) {
    yield list === "followers" ? '{\n  "followers": ' : ',\n  "following": ';
    yield* jsonArray(listPages(runtime, account, list));
  }
  yield "}\n";
}

function listPages(
  runtime: Pick<Runtime, "store">,
  account: AccountRecord,
  list: InstagramList,
): AsyncIterable<string[]> {
  return pages(async (after: string | null) =>
    keyed(await runtime.store.instagramListPage(account.id, list, after, PAGE), (handle) => handle),
  );
}
