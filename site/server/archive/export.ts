import fs from "node:fs/promises";
import path from "node:path";
import {
  ARCHIVE_FILES,
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  type ArchivedAccount,
  type ArchivedLike,
  type ArchivedMedia,
  type ArchivedPost,
  type ArchiveManifest,
  type ArchivedProfile,
} from "../../../shared/archive.ts";
import { mediaDir } from "../media/files.ts";
import type { Runtime } from "../runtime.ts";
import { accountUrl, postUrl, toAccount } from "../serialize.ts";
import {
  isRemoteMedia,
  type AccountRecord,
  type InstagramList,
  type MediaRecord,
  type PostRecord,
} from "../storage/records.ts";
import type { FollowSide } from "../storage/rows/federation.ts";
import { pageStart, PAGE_END, postHtml } from "./posts-html.ts";
import { archiveTexts, type ArchiveWords } from "./words.ts";
import type { ZipWriter } from "./zip-writer.ts";

/** Rows read at a time: memory stays the same for ten posts or a hundred thousand. */
const PAGE = 200;

/**
 * Writes an account's archive (shared/archive.ts says what each file holds), every list read
 * page by page. `exportedAt` names the moment; what changes while it is written may or may not be in it.
 */
export async function writeArchive(
  zip: ZipWriter,
  runtime: Pick<Runtime, "store" | "config">,
  account: AccountRecord,
  options: { exportedAt: Date; words: ArchiveWords },
): Promise<void> {
  const { config } = runtime;
  const server = config.publicUrl;
  const { exportedAt, words } = options;
  const texts = archiveTexts(words);
  const mtime = exportedAt;
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: exportedAt.toISOString(),
    server,
    handle: account.handle,
    language: words.language,
  };
  await zip.file(ARCHIVE_FILES.readme, [texts.readme], { mtime });
  await zip.file(ARCHIVE_FILES.manifest, [json(manifest)], { mtime });
  const profile: ArchivedProfile = {
    account: toAccount(server, account),
    avatar: account.avatar ? mediaPath(account.avatar) : null,
  };
  await zip.file(ARCHIVE_FILES.profile, [json(profile)], { mtime });

  const posts = () => archivedPosts(runtime, account);
  await zip.file(ARCHIVE_FILES.posts, jsonArray(posts()), { mtime });
  const page = async function* () {
    yield pageStart(texts, account.handle, manifest);
    for await (const batch of posts()) yield batch.map((post) => postHtml(texts, post)).join("");
    yield PAGE_END;
  };
  await zip.file(ARCHIVE_FILES.page, page(), { mtime });

  const host = new URL(server).host;
  for (const side of ["followers", "following", "requested"] as const) {
    await zip.file(ARCHIVE_FILES[side], jsonArray(follows(runtime, account, side, host)), { mtime });
  }
  await zip.file(ARCHIVE_FILES.likes, jsonArray(likes(runtime, account)), { mtime });
  await zip.file(ARCHIVE_FILES.instagram, instagramLists(runtime, account), { mtime });

  // The files last, stored as they are: the avatar, then each post's, dated as the post.
  const folder = mediaDir(config.dataDir);
  const files = async function* () {
    if (account.avatar) yield { media: account.avatar, at: mtime };
    for await (const page of ownPosts(runtime, account)) {
      for (const post of page) {
        for (const media of post.media)
          if (!isRemoteMedia(media)) yield { media, at: new Date(post.createdAt) };
      }
    }
  };
  for await (const { media, at } of files()) {
    // A post deleted while the archive is written takes its files with it: they are left out.
    const file = await fs.open(path.join(folder, path.basename(media.file))).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    });
    if (!file) continue;
    const chunks = file.createReadStream() as AsyncIterable<Uint8Array>;
    await zip.file(mediaPath(media), chunks, { compress: false, mtime: at });
  }
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const mediaPath = (media: Pick<MediaRecord, "file">) => `${ARCHIVE_FILES.media}${path.basename(media.file)}`;

/** A page of the account's posts as archived, with the addresses of what they answer or quote. */
async function* archivedPosts(
  runtime: Pick<Runtime, "store" | "config">,
  account: AccountRecord,
): AsyncIterable<ArchivedPost[]> {
  const server = runtime.config.publicUrl;
  for await (const page of ownPosts(runtime, account)) {
    const targets = new Set(page.flatMap((post) => [post.replyTo, post.quoteOf]));
    targets.delete(null);
    const urls = new Map<string | null, string>();
    await Promise.all(
      [...targets].map(async (id) => {
        const remote = await runtime.store.objectUriOfPost(id!);
        urls.set(id, remote ?? postUrl(server, id!));
      }),
    );
    yield page.map((post) => archivedPost(server, post, (id) => urls.get(id) ?? null));
  }
}

function archivedPost(
  server: string,
  post: PostRecord,
  urlOf: (id: string | null) => string | null,
): ArchivedPost {
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
    replyToUrl: urlOf(post.replyTo),
    quoteOfUrl: urlOf(post.quoteOf),
    replyPolicy: post.replyPolicy,
    media,
  };
}

/** The account's posts (not deleted), newest first, a page at a time. */
async function* ownPosts(
  runtime: Pick<Runtime, "store">,
  account: AccountRecord,
): AsyncIterable<PostRecord[]> {
  let before: number | null = null;
  for (;;) {
    const page = await runtime.store.profilePosts(account.id, { before, limit: PAGE }, account.id);
    if (page.length > 0) yield page;
    if (page.length < PAGE) return;
    before = page.at(-1)!.seq;
  }
}

/** A JSON array written item by item: `[`, the items, `]`. */
async function* jsonArray(pages: AsyncIterable<unknown[]>): AsyncIterable<string> {
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

/** Followers, followed or asked, named as another server finds them: `user@host`, with the actor. */
async function* follows(
  runtime: Pick<Runtime, "store" | "config">,
  account: AccountRecord,
  side: FollowSide,
  host: string,
): AsyncIterable<ArchivedAccount[]> {
  let after: number | null = null;
  do {
    const page = await runtime.store.followPage(account.id, side, after, PAGE);
    yield page.accounts.map(({ handle, remote }) =>
      remote
        ? { handle, actor: remote.actorUri }
        : { handle: `${handle}@${host}`, actor: accountUrl(runtime.config.publicUrl, handle) },
    );
    after = page.next;
  } while (after !== null);
}

async function* likes(
  runtime: Pick<Runtime, "store" | "config">,
  account: AccountRecord,
): AsyncIterable<ArchivedLike[]> {
  let after: string | null = null;
  for (;;) {
    const page = await runtime.store.likedPage(account.id, after, PAGE);
    yield page.map((like) => ({
      url: like.objectUri ?? postUrl(runtime.config.publicUrl, like.postId),
      likedAt: like.likedAt,
    }));
    if (page.length < PAGE) return;
    after = page.at(-1)!.postId;
  }
}

/** `{ "followers": [...], "following": [...] }`, each list written handle by handle. */
async function* instagramLists(
  runtime: Pick<Runtime, "store">,
  account: AccountRecord,
): AsyncIterable<string> {
  for (const list of ["followers", "following"] as InstagramList[]) {
    yield list === "followers" ? '{\n  "followers": ' : ',\n  "following": ';
    yield* jsonArray(listPages(runtime, account, list));
  }
  yield "}\n";
}

async function* listPages(
  runtime: Pick<Runtime, "store">,
  account: AccountRecord,
  list: InstagramList,
): AsyncIterable<string[]> {
  let after: string | null = null;
  for (;;) {
    const page = await runtime.store.instagramListPage(account.id, list, after, PAGE);
    yield page;
    if (page.length < PAGE) return;
    after = page.at(-1)!;
  }
}
