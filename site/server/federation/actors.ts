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
 * fields (`PropertyValue`), as Mastodon shows them.
 */
export function personOf(ctx: P92Context, account: AccountRecord, keys: ActorKeys): Person {
  const { handle } = account;
  const origin = ctx.canonicalOrigin;
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
    id: ctx.getActorUri(handle),
    preferredUsername: handle,
    name: account.displayName || handle,
    summary: account.bio
      ? postHtml(account.bio, { hashtag: (tag) => hashtagUrl(origin, tag), mentions: new Map() })
      : null,
    url: new URL(profileUrl(origin, handle)),
    published: instant(account.createdAt),
    icon: account.avatar
      ? new Image({
          url: new URL(mediaFileUrl(origin, account.avatar.file)),
          mediaType: account.avatar.mimeType,
        })
      : null,
    inbox: ctx.getInboxUri(handle),
    outbox: ctx.getOutboxUri(handle),
    followers: ctx.getFollowersUri(handle),
    following: ctx.getFollowingUri(handle),
    endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
    publicKey: keys[0]?.cryptographicKey ?? null,
    assertionMethods: keys.map((key) => key.multikey),
    attachments: fields,
    manuallyApprovesFollowers: false,
    discoverable: true,
    indexable: true,
  });
}

function linkHtml(url: string, text: string): string {
  return `<a href="${escapeHtml(url)}" rel="me nofollow noopener noreferrer" target="_blank">${escapeHtml(text)}</a>`;
}
