import { FetchError, validatePublicUrl, type DocumentLoader } from "@fedify/fedify";
import { Image, Link, PropertyValue, type Actor, type Recipient } from "@fedify/fedify/vocab";
import { extractLinks } from "../../../shared/post-text.ts";
import { LIMITS, isWebUrl, readRemoteHandle } from "../../../shared/schema/common.ts";
import { withoutControlCharacters } from "../../../shared/post-length.ts";
import type { RemoteActor, RemoteProfile } from "../storage/records.ts";
import type { BlockedHost } from "./blocked-domains.ts";
import { htmlToText } from "./html-text.ts";

/** Profile fields read of an actor (Mastodon allows 4, others a few more). */
const MAX_FIELDS = 20;

const notFetched: DocumentLoader = (url) =>
  Promise.reject(new FetchError(url, "Not fetched: only embedded objects are read"));

/** Loaders for reading only what a document embeds: anything given by URL alone is not fetched. */
export const EMBEDDED_ONLY = { documentLoader: notFetched, contextLoader: notFetched, suppressError: true };

/** Why another server's actor is not taken as an account here. */
export class UnusableActor extends Error {
  constructor(actorId: string, reason: string) {
    super(`The actor ${actorId} ${reason}`);
    this.name = "UnusableActor";
  }
}

/**
 * A remote actor (Person, Service, Application, Group, Organization) as a P92 account: handle
 * `preferredUsername@host` of its id, its name as text, its bio turned from HTML into text, its
 * profile fields that hold a link as links, and where its inboxes, profile page and avatar are.
 * Everything is bounded as a local profile is (a longer name or bio is cut, marked with "…").
 * An actor without a usable username, id or inbox is refused with UnusableActor.
 */
export async function remoteProfileOf(actor: Actor): Promise<RemoteProfile> {
  const actorUri = actor.id?.href ?? "";
  if (!isWebUrl(actorUri) || actorUri.length > LIMITS.url) throw new UnusableActor(actorUri, "has no web id");
  const username = actor.preferredUsername?.toString() ?? "";
  const handle = readRemoteHandle(`${username}@${new URL(actorUri).host}`);
  if (!handle) throw new UnusableActor(actorUri, `has no usable username ("${username.slice(0, 64)}")`);
  const inbox = webUrl(actor.inboxId);
  if (!inbox) throw new UnusableActor(actorUri, "has no inbox");
  // Only what the actor document holds: an icon or a field given as a mere URL is not fetched.
  const icon = await actor.getIcon(EMBEDDED_ONLY);
  const links: RemoteProfile["links"] = [];
  let fields = 0;
  for await (const field of actor.getAttachments(EMBEDDED_ONLY)) {
    if (++fields > MAX_FIELDS || links.length === LIMITS.bioLinks) break;
    if (!(field instanceof PropertyValue)) continue;
    const link = extractLinks(htmlToText(field.value?.toString() ?? ""))[0];
    if (link && link.length <= LIMITS.url) {
      links.push({ title: cut(oneLine(field.name?.toString() ?? ""), LIMITS.linkTitle), url: link });
    }
  }
  return {
    handle,
    displayName: cut(oneLine(actor.name?.toString() ?? ""), LIMITS.fullName),
    bio: cut(htmlToText(actor.summary?.toString() ?? ""), LIMITS.bio),
    links,
    suspended: actor.suspended === true,
    actor: {
      actorUri,
      inbox,
      sharedInbox: webUrl(actor.endpoints?.sharedInbox),
      followers: webUrl(actor.followersId),
      url: webUrl(actor.url) ?? actorUri,
      avatarUrl: icon instanceof Image ? webUrl(icon.url) : null,
    },
  };
}

/**
 * Refuses (UnusableActor) an actor whose inboxes are on a blocked server or, unless private
 * addresses are allowed (tests), resolve to a private address: deliveries to it would otherwise
 * reach a blocked server or into this server's own network.
 */
export async function checkInboxes(
  profile: RemoteProfile,
  options: { blocked: BlockedHost; allowPrivate: boolean },
): Promise<void> {
  const { actorUri, inbox, sharedInbox } = profile.actor;
  for (const url of sharedInbox ? [inbox, sharedInbox] : [inbox]) {
    if (await options.blocked(new URL(url).hostname)) {
      throw new UnusableActor(actorUri, `has its inbox on a blocked server (${url})`);
    }
    if (options.allowPrivate) continue;
    try {
      await validatePublicUrl(url);
    } catch {
      throw new UnusableActor(actorUri, `has its inbox at a private or unknown address (${url})`);
    }
  }
}

/** Where deliveries to a remote account go: its inbox, and its server's shared inbox if any. */
export function recipientOf(remote: Pick<RemoteActor, "actorUri" | "inbox" | "sharedInbox">): Recipient {
  return {
    id: new URL(remote.actorUri),
    inboxId: new URL(remote.inbox),
    endpoints: remote.sharedInbox ? { sharedInbox: new URL(remote.sharedInbox) } : null,
  };
}

/** A URL (or a Link's) if it is an http(s) URL of a usable length. */
export function webUrl(url: URL | Link | null | undefined): string | null {
  const href = url instanceof Link ? url.href?.href : url?.href;
  return href && isWebUrl(href) && href.length <= LIMITS.url ? href : null;
}

/** Text on one line: control characters gone, runs of white space one space. */
export function oneLine(text: string): string {
  return withoutControlCharacters(text).replace(/\s+/g, " ").trim();
}

/** At most `max` UTF-16 units, whole characters only, "…" marking a cut. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept = text.slice(0, max - 1);
  // Never leave half of a surrogate pair.
  return `${/[\uD800-\uDBFF]$/.test(kept) ? kept.slice(0, -1) : kept}…`;
}
