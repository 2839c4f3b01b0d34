import type { P92Context } from "./context.ts";
import {
  Create,
  Hashtag,
  Image,
  InteractionPolicy,
  InteractionRule,
  Mention,
  Note,
  PUBLIC_COLLECTION,
  Video,
} from "@fedify/fedify/vocab";
import { tokenizePostText } from "../../../shared/post-text.ts";
import { mentionedHandles } from "../../../shared/reply-policy.ts";
import { mediaFileUrl } from "../serialize.ts";
import {
  isRemoteMedia,
  type AccountRecord,
  type DeliveryTarget,
  type PostRecord,
} from "../storage/records.ts";
import type { Store } from "../storage/store.ts";
import { postHtml, type MentionTarget } from "./content.ts";
import { instant } from "./temporal.ts";
import { knownAccount } from "./webfinger.ts";
import { hashtagUrl, postPageUrl, profileUrl } from "./urls.ts";

/** What a post's note points at: whom it mentions, the post it answers and the one it quotes. */
export interface NoteLinks {
  mentions: ReadonlyMap<string, MentionTarget>;
  /** Where the mentioned accounts of other servers receive activities (delivery sends them the post). */
  remoteMentions: DeliveryTarget[];
  replyTarget: URL | null;
  quote: URL | null;
}

/**
 * What a post points at, by the ids other servers know: the accounts its text mentions (people
 * elsewhere by their actor and page there), and the posts it answers and quotes (a post from
 * another server by its own id). `accountOf` finds a mention's account, all of them at once: by
 * default those this server knows (knownAccount); delivery also looks unknown ones up.
 */
export async function noteLinks(
  ctx: P92Context,
  store: Store,
  post: PostRecord,
  accountOf: (handle: string) => Promise<AccountRecord | null> = (handle) => knownAccount(ctx, handle),
): Promise<NoteLinks> {
  const mentions = new Map<string, MentionTarget>();
  const remoteMentions: DeliveryTarget[] = [];
  const handles = mentionedHandles(post.text);
  const accounts = await Promise.all(handles.map(accountOf));
  for (const [i, handle] of handles.entries()) {
    const account = accounts[i];
    if (!account) continue;
    if (account.remote) remoteMentions.push(account.remote);
    mentions.set(handle, {
      handle,
      url: account.remote?.url ?? profileUrl(ctx.canonicalOrigin, account.handle),
      actorId: account.remote?.actorUri ?? ctx.getActorUri(account.handle).href,
    });
  }
  const objectUri = async (id: string | null) => {
    if (id === null) return null;
    const remote = await store.objectUriOfPost(id);
    return remote ? new URL(remote) : ctx.getObjectUri(Note, { id });
  };
  return {
    mentions,
    remoteMentions,
    replyTarget: await objectUri(post.replyTo),
    quote: await objectUri(post.quoteOf),
  };
}

/**
 * A post as an ActivityPub `Note`: public (`to` the Public collection, `cc` the author's followers
 * and whoever it mentions), its text as escaped HTML, its media with alt text as `name`, the post
 * it answers (`inReplyTo`) and the one it quotes (`quote`, FEP-044f, and `quoteUrl`, as Misskey
 * and others read it).
 */
export function noteOf(ctx: P92Context, post: PostRecord, { mentions, replyTarget, quote }: NoteLinks): Note {
  const origin = ctx.canonicalOrigin;
  const hashtags = new Set(
    tokenizePostText(post.text).flatMap((t) => (t.kind === "hashtag" ? [t.tag.toLowerCase()] : [])),
  );
  const tags = [
    ...[...mentions.values()].map((m) => new Mention({ href: new URL(m.actorId), name: `@${m.handle}` })),
    ...[...hashtags].map((tag) => new Hashtag({ href: new URL(hashtagUrl(origin, tag)), name: `#${tag}` })),
  ];
  return new Note({
    id: ctx.getObjectUri(Note, { id: post.id }),
    attribution: ctx.getActorUri(post.author),
    to: PUBLIC_COLLECTION,
    ccs: [ctx.getFollowersUri(post.author), ...[...mentions.values()].map((m) => new URL(m.actorId))],
    content: postHtml(post.text, { hashtag: (tag) => hashtagUrl(origin, tag), mentions }),
    published: instant(post.createdAt),
    updated: post.editedAt ? instant(post.editedAt) : null,
    url: new URL(postPageUrl(origin, post.id)),
    replyTarget,
    quote,
    quoteUrl: quote,
    attachments: post.media.map((media) => {
      const values = {
        url: new URL(isRemoteMedia(media) ? media.url : mediaFileUrl(origin, media.file)),
        mediaType: media.mimeType,
        name: media.alt || null,
        width: media.width,
        height: media.height,
      };
      return media.kind === "video" ? new Video(values) : new Image(values);
    }),
    tags,
    interactionPolicy: replyPolicyFor(ctx, post, mentions),
  });
}

/**
 * Who may reply, as GoToSocial's interaction controls say it (`canReply`): nothing for everyone
 * (the default of servers reading it); else approved at once, besides the author and the people
 * the post mentions, the people they follow (their `following` collection) for a post for them.
 * This server refuses other replies, from here or elsewhere (shared/reply-policy.ts).
 */
function replyPolicyFor(
  ctx: P92Context,
  post: PostRecord,
  mentions: NoteLinks["mentions"],
): InteractionPolicy | null {
  if (post.replyPolicy === "everyone") return null;
  const mentioned = [...mentions.values()].map((m) => new URL(m.actorId));
  const approved = [
    ctx.getActorUri(post.author),
    ...(post.replyPolicy === "following" ? [ctx.getFollowingUri(post.author)] : []),
    ...mentioned,
  ];
  return new InteractionPolicy({ canReply: new InteractionRule({ automaticApprovals: approved }) });
}

/** The `Create` that published a post: its id is the note's, with `#create`. */
export function createOf(ctx: P92Context, note: Note, post: PostRecord): Create {
  return new Create({
    id: new URL(`${note.id!.href}#create`),
    actor: ctx.getActorUri(post.author),
    to: PUBLIC_COLLECTION,
    ccs: note.ccIds,
    published: note.published,
    object: note,
  });
}
