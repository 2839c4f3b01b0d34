import type { P92Context } from "./context.ts";
import { Endpoints, Image, Person, PropertyValue } from "@fedify/fedify/vocab";
import { mediaFileUrl } from "../serialize.ts";
import type { AccountRecord } from "../storage/records.ts";
import { escapeHtml, postHtml } from "./content.ts";
import { instant } from "./temporal.ts";
import { hashtagUrl, profileUrl } from "./urls.ts";

/** The keys an actor document shows: its RSA key (`publicKey`) and all as Multikeys. */
type ActorKeys = Awaited<ReturnType<P92Context["getActorKeyPairs"]>>;

/**
 * An account as an ActivityPub `Person`, at its API URL (`/api/accounts/:handle`, which answers
 * P92 JSON to the site and this document to a request for ActivityStreams). The bio is sent as
 * HTML built from its text; the Instagram handle the account proved and its links are profile
 * fields (`PropertyValue`), as Mastodon shows them. A suspended account is `suspendedPerson`.
 */
export function personOf(ctx: P92Context, account: AccountRecord, keys: ActorKeys): Person {
  const { handle } = account;
  const origin = ctx.canonicalOrigin;
  if (account.suspended) return suspendedPerson(ctx, handle, keys);
  const fields = account.links.map(
    (link) => new PropertyValue({ name: link.title || "Link", value: linkHtml(link.url, link.url) }),
  );
  if (account.instagram?.proven) {
    const instagram = `https://www.instagram.com/${account.instagram.handle}/`;
    fields.unshift(
      new PropertyValue({ name: "Instagram", value: linkHtml(instagram, `@${account.instagram.handle}`) }),
    );
  }
  return new Person({
    ...actorBase(ctx, handle, keys),
    name: account.displayName || handle,
    summary: account.bio
      ? postHtml(account.bio, { hashtag: (tag) => hashtagUrl(origin, tag), mentions: new Map() })
      : null,
    published: instant(account.createdAt),
    icon: account.avatar
      ? new Image({
          url: new URL(mediaFileUrl(origin, account.avatar.file)),
          mediaType: account.avatar.mimeType,
        })
      : null,
    attachments: fields,
    manuallyApprovesFollowers: false,
    discoverable: true,
    indexable: true,
  });
}

/**
 * A suspended account's actor: its name, keys and collections only, marked `suspended` (Mastodon's
 * `toot:suspended`), so other servers hide it and keep verifying what it signed. Its Update is how
 * they hear of the suspension, and a later Update without the mark of its end.
 */
function suspendedPerson(ctx: P92Context, handle: string, keys: ActorKeys): Person {
  const base = actorBase(ctx, handle, keys);
  return new Person({ ...base, name: handle, suspended: true, discoverable: false, indexable: false });
}

/** What every actor document of an account holds: its ids, where it is, and its keys. */
function actorBase(ctx: P92Context, handle: string, keys: ActorKeys) {
  return {
    id: ctx.getActorUri(handle),
    preferredUsername: handle,
    url: new URL(profileUrl(ctx.canonicalOrigin, handle)),
    inbox: ctx.getInboxUri(handle),
    outbox: ctx.getOutboxUri(handle),
    followers: ctx.getFollowersUri(handle),
    following: ctx.getFollowingUri(handle),
    endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
    publicKey: keys[0]?.cryptographicKey ?? null,
    assertionMethods: keys.map((key) => key.multikey),
  };
}

function linkHtml(url: string, text: string): string {
  return `<a href="${escapeHtml(url)}" rel="me nofollow noopener noreferrer" target="_blank">${escapeHtml(text)}</a>`;
}
