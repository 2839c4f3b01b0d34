import { createReadStream } from "node:fs";
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
import type { AccountRecord, InstagramList, MediaRecord, PostRecord } from "../storage/records.ts";
import { pageStart, PAGE_END, postHtml } from "./posts-html.ts";
import type { ZipWriter } from "./zip-stream.ts";

/** Rows read at a time: memory stays the same for ten posts or a hundred thousand. */
const PAGE = 200;

const README = `This is your P92 archive.

archive.json    what this is: the server, the account, when
profile.json    your profile; its avatar is in media/
posts.json      your posts (newest first), with their dates and their media files
posts.html      the same posts as a page to open in a browser
media/          the photos and videos of your posts, and your avatar
followers.json  who follows you, as user@server
following.json  whom you follow, as user@server
likes.json      the posts you liked, by their address
instagram.json  the Instagram lists you uploaded

Another P92 server can import it when you create an account there ("Import a P92 archive").
`;

/**
 * Writes an account's archive (shared/archive.ts says what each file holds), every list read
 * page by page. `exportedAt` names the moment; what changes while it is written may or may not be in it.
 */
export async function writeArchive(
  zip: ZipWriter,
  runtime: Pick<Runtime, "store" | "config">,
  account: AccountRecord,
  exportedAt: Date,
): Promise<void> {
  const { config } = runtime;
  const server = config.publicUrl;
  const mtime = exportedAt;
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: exportedAt.toISOString(),
    server,
    handle: account.handle,
  };
  await zip.file(ARCHIVE_FILES.readme, [README], { mtime });
  await zip.file(ARCHIVE_FILES.manifest, [json(manifest)], { mtime });
  const profile: ArchivedProfile = {
    account: toAccount(server, account),
    avatar: account.avatar ? mediaPath(account.avatar) : null,
  };
  await zip.file(ARCHIVE_FILES.profile, [json(profile)], { mtime });

  const archived = (post: PostRecord) => archivedPost(server, post);
  await zip.file(ARCHIVE_FILES.posts, jsonArray(mapPages(ownPosts(runtime, account), archived)), { mtime });
  await zip.file(ARCHIVE_FILES.page, htmlPage(runtime, account, manifest), { mtime });

  const host = new URL(server).host;
  for (const side of ["followers", "following"] as const) {
    await zip.file(ARCHIVE_FILES[side], jsonArray(follows(runtime, account, side, host)), { mtime });
  }
  await zip.file(ARCHIVE_FILES.likes, jsonArray(likes(runtime, account)), { mtime });
  await zip.file(ARCHIVE_FILES.instagram, instagramLists(runtime, account), { mtime });

  // The files last, stored as they are: the avatar, then each post's.
  const folder = mediaDir(config.dataDir);
  const files = async function* () {
    if (account.avatar) yield account.avatar;
    for await (const page of ownPosts(runtime, account)) {
      for (const post of page)
        yield* post.media.filter((m): m is MediaRecord & { alt: string } => "file" in m);
    }
  };
  for await (const media of files()) {
    const chunks = createReadStream(path.join(folder, path.basename(media.file)));
    await zip.file(mediaPath(media), chunks as AsyncIterable<Uint8Array>, { compress: false, mtime });
  }
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const mediaPath = (media: MediaRecord) => `${ARCHIVE_FILES.media}${path.basename(media.file)}`;

function archivedPost(server: string, post: PostRecord): ArchivedPost {
  const media: ArchivedMedia[] = post.media.flatMap((m) =>
    "file" in m
      ? [
          {
            file: mediaPath(m),
            kind: m.kind,
            mimeType: m.mimeType,
            alt: m.alt,
            width: m.width,
            height: m.height,
            duration: m.duration,
          },
        ]
      : [],
  );
  return {
    id: post.id,
    url: postUrl(server, post.id),
    text: post.text,
    createdAt: post.createdAt,
    editedAt: post.editedAt,
    replyTo: post.replyTo,
    quoteOf: post.quoteOf,
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

async function* mapPages<T, U>(pages: AsyncIterable<T[]>, map: (item: T) => U): AsyncIterable<U[]> {
  for await (const page of pages) yield page.map(map);
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

async function* htmlPage(
  runtime: Pick<Runtime, "store" | "config">,
  account: AccountRecord,
  manifest: ArchiveManifest,
): AsyncIterable<string> {
  yield pageStart(account.handle, manifest.server, manifest.exportedAt);
  for await (const page of ownPosts(runtime, account)) {
    yield page.map((post) => postHtml(archivedPost(manifest.server, post))).join("");
  }
  yield PAGE_END;
}

/** Followers or followed, named as another server finds them: `user@host`, with the actor. */
async function* follows(
  runtime: Pick<Runtime, "store" | "config">,
  account: AccountRecord,
  side: "followers" | "following",
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
