import {
  Article,
  Audio,
  Document,
  Image,
  Mention,
  Note,
  PUBLIC_COLLECTION,
  Question,
  Video,
} from "@fedify/fedify/vocab";
import { createHash } from "node:crypto";
import { extractLinks } from "../../../shared/post-text.ts";
import { REMOTE_POST_MAX_UTF16, withoutControlCharacters } from "../../../shared/post-length.ts";
import { LIMITS, isWebUrl, readRemoteHandle } from "../../../shared/schema/common.ts";
import type { RemoteMediaRecord, RemotePostRecord, Visibility } from "../storage/records.ts";
import { htmlToText, type HtmlToTextOptions } from "./html-text.ts";
import { MAX_MENTIONS, type ReplyPolicy } from "../../../shared/reply-policy.ts";
import { EMBEDDED_ONLY, cut, oneLine, webUrl } from "./remote-actors.ts";

/** What other servers post that P92 shows: a note; an article or a poll as a note with a link. */
export type RemoteNoteObject = Note | Article | Question;

export function isRemoteNoteObject(object: unknown): object is RemoteNoteObject {
  return object instanceof Note || object instanceof Article || object instanceof Question;
}

/** Why another server's object is not taken as a post here. */
export class UnusableObject extends Error {
  constructor(objectId: string, reason: string) {
    super(`The object ${objectId} ${reason}`);
    this.name = "UnusableObject";
  }
}

/** What a remote object says, before what it points at is looked up here. */
export interface ReadNote {
  post: Omit<RemotePostRecord, "replyTo" | "quoteOf" | "mentions">;
  /** The object it replies to and the one it quotes, by their ids. */
  replyTo: string | null;
  quote: string | null;
  /** Local accounts it mentions, by handle. */
  mentioned: string[];
}

export interface NoteReading {
  /** Its author, whose followers collection tells a followers-only post from a direct one. */
  author: { actorUri: string; followers: string | null };
  /** The local handle a URL names (an actor id or profile page of this server), or null. */
  localHandle(url: string): string | null;
}

/** How much of an article's text is shown before the link to it. */
const ARTICLE_EXCERPT = 500;
/** The most poll options listed. */
const MAX_OPTIONS = 20;
const MAX_MEDIA_TYPE = 100;
/** Tags read (mentions, hashtags, emoji): more than any real note carries. */
const MAX_TAGS = 100;
const MAX_DIMENSION = 100_000;

/**
 * A note (or an article, or a poll) of another server as a P92 post: its HTML as text (mentions as
 * `@user@host`, or `@handle` for people here), cut at 20,000 code units with a link to the rest;
 * its summary as the content warning; its image and video attachments linked with their alt text
 * (other files as links in the text); who may read it from its addressing. Null for a direct
 * message, which is not stored. Refused (UnusableObject) without a web id on its author's server.
 */
export async function readRemoteNote(
  object: RemoteNoteObject,
  reading: NoteReading,
): Promise<ReadNote | null> {
  const objectUri = object.id?.href ?? "";
  if (!isWebUrl(objectUri) || objectUri.length > LIMITS.url)
    throw new UnusableObject(objectUri, "has no web id");
  if (new URL(objectUri).origin !== new URL(reading.author.actorUri).origin) {
    throw new UnusableObject(objectUri, `is not on its author's server (${reading.author.actorUri})`);
  }
  const visibility = visibilityOf(object, reading.author.followers);
  if (visibility === null) return null;
  const page = webUrl(object.url) ?? objectUri;
  const mentions = new Map<string, string>();
  const mentioned = new Set<string>();
  let tags = 0;
  for await (const tag of object.getTags(EMBEDDED_ONLY)) {
    if (++tags > MAX_TAGS || mentions.size === MAX_MENTIONS) break;
    if (!(tag instanceof Mention) || !tag.href) continue;
    const local = reading.localHandle(tag.href.href);
    const name = tag.name?.toString().replace(/^@/, "") ?? "";
    const handle = local ?? readRemoteHandle(name.includes("@") ? name : `${name}@${tag.href.host}`) ?? null;
    if (!handle) continue;
    mentions.set(tag.href.href, handle);
    if (local) mentioned.add(local);
  }
  const { media, files } = await attachmentsOf(object);
  const paragraphs = [await bodyOf(object, { mentions, localMention: reading.localHandle }), ...files];
  if (object instanceof Article || object instanceof Question) paragraphs.push(page);
  const text = boundedText(paragraphs.filter((p) => p !== "").join("\n\n"), page);
  const summary = oneLine(htmlToText(object.summary?.toString() ?? ""));
  return {
    post: {
      objectUri,
      url: page,
      text,
      links: extractLinks(text),
      media,
      contentWarning: summary ? cut(summary, LIMITS.contentWarning) : null,
      sensitive: object.sensitive === true,
      visibility,
      createdAt: publishedAt(object),
      editedAt: editedAt(object),
      replyPolicy: replyPolicyOf(object, reading.author, new Set(mentions.keys())),
    },
    replyTo: object.replyTargetId?.href ?? null,
    quote: (object.quoteId ?? object.quoteUrl)?.href ?? null,
    mentioned: [...mentioned],
  };
}

/**
 * Who its author lets reply, from its `interactionPolicy` (GoToSocial's interaction controls, as
 * P92 writes them: notes.ts): anyone when it has none (or none this server can read), or approves
 * the public or its author's followers at once (whether the replier follows them is for their
 * server to tell); the people it mentions when it approves only actors (its author, those it
 * mentions); else the people its author follows (it approves a collection, theirs). Replies
 * needing the author's approval by hand count as not approved: nothing here asks for it.
 */
export function replyPolicyOf(
  object: RemoteNoteObject,
  author: NoteReading["author"],
  mentionedActors: ReadonlySet<string>,
): ReplyPolicy {
  const rule = object.interactionPolicy?.canReply;
  // None, or in words this server does not read (GoToSocial before 0.20: `always`).
  if (!rule || (rule.automaticApprovals.length === 0 && rule.manualApprovals.length === 0)) return "everyone";
  const approved = rule.automaticApprovals.map((url) => url.href);
  if (approved.some((url) => isPublic(url) || url === author.followers)) return "everyone";
  const actors = approved.filter((url) => url !== author.actorUri && !mentionedActors.has(url));
  return actors.length === 0 ? "mentioned" : "following";
}

const isPublic = (url: string) => url === PUBLIC_COLLECTION.href || url === "as:Public" || url === "Public";

/**
 * Public (addressed to the public), unlisted (the public only in cc), followers-only (addressed to
 * its author's followers), or null: a direct message.
 */
export function visibilityOf(object: RemoteNoteObject, followers: string | null): Visibility | null {
  if (object.toIds.some((url) => isPublic(url.href))) return "public";
  if (object.ccIds.some((url) => isPublic(url.href))) return "unlisted";
  const recipients = [...object.toIds, ...object.ccIds].map((url) => url.href);
  return followers !== null && recipients.includes(followers) ? "followers" : null;
}

/** The text: a note's content; an article's title and the start of its text; a poll's options. */
async function bodyOf(object: RemoteNoteObject, options: HtmlToTextOptions): Promise<string> {
  const content = htmlToText(object.content?.toString() ?? "", options);
  if (object instanceof Article) {
    const title = oneLine(object.name?.toString() ?? "");
    return [title, cut(content, ARTICLE_EXCERPT)].filter((p) => p !== "").join("\n\n");
  }
  if (object instanceof Question) {
    const options: string[] = [];
    for await (const option of concat(
      object.getExclusiveOptions(EMBEDDED_ONLY),
      object.getInclusiveOptions(EMBEDDED_ONLY),
    )) {
      const name = oneLine(option.name?.toString() ?? "");
      if (name) options.push(`○ ${cut(name, 200)}`);
      if (options.length === MAX_OPTIONS) break;
    }
    return [content, options.join("\n")].filter((p) => p !== "").join("\n\n");
  }
  return content;
}

async function* concat<T>(...lists: AsyncIterable<T>[]): AsyncIterable<T> {
  for (const list of lists) yield* list;
}

/**
 * Images and videos (at most 10) as remote media with their alt text; any other attachment, or a
 * picture past the tenth, as its link in the text. Only embedded attachments are read.
 */
async function attachmentsOf(
  object: RemoteNoteObject,
): Promise<{ media: RemoteMediaRecord[]; files: string[] }> {
  const media: RemoteMediaRecord[] = [];
  const files: string[] = [];
  let seen = 0;
  for await (const attachment of object.getAttachments(EMBEDDED_ONLY)) {
    if (++seen > 2 * LIMITS.mediaPerPost) break;
    if (!(attachment instanceof Document)) continue;
    const url = webUrl(attachment.url);
    if (!url) continue;
    const mediaType = attachment.mediaType ?? "";
    const kind =
      attachment instanceof Image || mediaType.startsWith("image/")
        ? "image"
        : (attachment instanceof Video || mediaType.startsWith("video/")) && !(attachment instanceof Audio)
          ? "video"
          : null;
    if (kind === null || media.length === LIMITS.mediaPerPost) {
      files.push(url);
      continue;
    }
    media.push({
      id: `r${createHash("sha256").update(url).digest("base64url").slice(0, 32)}`,
      kind,
      mimeType:
        mediaType.length <= MAX_MEDIA_TYPE && /^[\w.+-]+\/[\w.+-]+$/.test(mediaType)
          ? mediaType
          : `${kind}/*`,
      url,
      width: dimension(attachment.width),
      height: dimension(attachment.height),
      alt: cut(withoutControlCharacters(attachment.name?.toString() ?? "").trim(), LIMITS.altText),
    });
  }
  return { media, files };
}

/** At most 20,000 code units: a longer text is cut, with where to read the rest. */
function boundedText(text: string, page: string): string {
  const clean = withoutControlCharacters(text);
  if (clean.length <= REMOTE_POST_MAX_UTF16) return clean;
  const more = `\n\nRead the rest on its server: ${page}`;
  return cut(clean, REMOTE_POST_MAX_UTF16 - more.length) + more;
}

/** When it was published, as ISO 8601; its arrival if it says nothing, or a time yet to come. */
function publishedAt(object: RemoteNoteObject): string {
  return instantIso(object.published?.epochMilliseconds ?? Date.now());
}

/**
 * When it was edited: its `updated` time, when later than its publication (some servers set
 * `updated` on every note, to its creation time).
 */
function editedAt(object: RemoteNoteObject): string | null {
  const updated = object.updated?.epochMilliseconds;
  if (updated === undefined) return null;
  const published = object.published?.epochMilliseconds;
  return published !== undefined && updated <= published ? null : instantIso(updated);
}

/** A time another server gives, as ISO 8601: now if it is yet to come (or before 1970). */
function instantIso(epochMilliseconds: number): string {
  const arrived = Date.now();
  return new Date(
    epochMilliseconds > arrived || epochMilliseconds < 0 ? arrived : epochMilliseconds,
  ).toISOString();
}

function dimension(value: number | null): number | null {
  return value !== null && Number.isInteger(value) && value > 0 && value <= MAX_DIMENSION ? value : null;
}
