/**
 * Turns Instagram's JSON into the shared, validated shapes. Instagram renames fields without
 * notice (docs/instagram.md: `edge_followed_by` vs `follower_count`, `id` vs `pk`,
 * `profile_pic_url_hd` vs `hd_profile_pic_url_info`), so every field is read as optional from
 * either name, text is cut to the shared limits, and links other than http/https are dropped.
 * Whatever still fails the shared schema is reported as skipped, never stored.
 */
import { LIMITS, isWebUrl, readHandle } from "../../../shared/schema/common.ts";
import { ImportedFollow, ImportedProfile, type FollowList } from "../../../shared/schema/instagram.ts";
import { validate } from "../../../shared/validate.ts";
import { t } from "../i18n.ts";

type Json = Record<string, unknown>;

const isObject = (x: unknown): x is Json => typeof x === "object" && x !== null && !Array.isArray(x);

function pick(object: Json, ...names: string[]): unknown {
  for (const name of names) if (object[name] !== undefined && object[name] !== null) return object[name];
  return undefined;
}

/** Cuts text to `max` UTF-16 units without splitting a surrogate pair (emoji stay whole). */
export function boundText(value: unknown, max: number): string {
  if (typeof value !== "string") return "";
  if (value.length <= max) return value;
  let cut = value.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}

function idOf(value: unknown): string | null {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === "string" && /^\d{1,30}$/.test(value)) return value;
  return null;
}

function webUrlOf(value: unknown): string | null {
  return typeof value === "string" && value.length <= LIMITS.url && isWebUrl(value) ? value : null;
}

function countOf(value: unknown): number | null {
  const n = isObject(value) ? value.count : value;
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

function avatarOf(user: Json): string | null {
  const hd = user.hd_profile_pic_url_info;
  return (
    webUrlOf(isObject(hd) ? hd.url : undefined) ??
    webUrlOf(user.profile_pic_url_hd) ??
    webUrlOf(user.profile_pic_url)
  );
}

function bioLinksOf(user: Json): { title: string; url: string }[] {
  const links: { title: string; url: string }[] = [];
  const add = (title: unknown, url: unknown) => {
    const clean = webUrlOf(url);
    if (clean && !links.some((l) => l.url === clean) && links.length < LIMITS.bioLinks) {
      links.push({ title: boundText(title, LIMITS.linkTitle), url: clean });
    }
  };
  if (Array.isArray(user.bio_links)) {
    for (const link of user.bio_links) if (isObject(link)) add(link.title, link.url ?? link.lynx_url);
  }
  add("", user.external_url);
  return links;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * The signed-in person's profile from one or more `user` objects (the `users/<id>/info/` and the
 * `web_profile_info` answers); fields of later objects win, missing ones fall back to earlier.
 */
export function parseProfile(users: unknown[], importedAt: string): Parsed<ImportedProfile> {
  const merged: Json = {};
  for (const user of users) {
    if (!isObject(user)) continue;
    for (const [key, value] of Object.entries(user))
      if (value !== undefined && value !== null) merged[key] = value;
  }
  if (Object.keys(merged).length === 0) return { ok: false, message: t("noProfile") };
  const entities = merged.biography_with_entities;
  const candidate = {
    instagramId: idOf(pick(merged, "id", "pk", "pk_id")),
    handle: typeof merged.username === "string" ? merged.username : "",
    fullName: boundText(merged.full_name, LIMITS.fullName),
    bio: boundText(pick(merged, "biography") ?? (isObject(entities) ? entities.raw_text : ""), LIMITS.bio),
    bioLinks: bioLinksOf(merged),
    avatarUrl: avatarOf(merged),
    isVerified: merged.is_verified === true,
    isPrivate: merged.is_private === true,
    followerCount: countOf(pick(merged, "edge_followed_by", "follower_count")),
    followingCount: countOf(pick(merged, "edge_follow", "following_count")),
    importedAt,
  };
  const result = validate(ImportedProfile, candidate);
  return result.ok ? result : { ok: false, message: t("unusableProfile", result.message) };
}

/** One account of a follow list, or null when it is malformed (it is then counted as skipped). */
export function parseFollow(user: unknown, list: FollowList, importedAt: string): ImportedFollow | null {
  const handle = isObject(user) ? readHandle(user.username) : null;
  if (!isObject(user) || handle === null) return null;
  const result = validate(ImportedFollow, {
    list,
    handle,
    instagramId: idOf(pick(user, "pk", "pk_id", "id")),
    fullName: boundText(user.full_name, LIMITS.fullName),
    avatarUrl: webUrlOf(user.profile_pic_url),
    isVerified: user.is_verified === true,
    importedAt,
  });
  return result.ok ? result.value : null;
}

export interface ParsedFollowPage {
  rows: ImportedFollow[];
  skipped: number;
  /** Where the next page starts; null on the last page. */
  nextCursor: string | null;
}

/**
 * One page of `friendships/<id>/followers|following/`. The end of the list is the absence of
 * `next_max_id` (`has_more` is unreliable). A body without a `users` array is not a page at all.
 */
export function parseFollowPage(
  body: unknown,
  list: FollowList,
  importedAt: string,
): Parsed<ParsedFollowPage> {
  if (!isObject(body) || !Array.isArray(body.users)) {
    return { ok: false, message: t("unreadablePage") };
  }
  const rows: ImportedFollow[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  for (const user of body.users) {
    const row = parseFollow(user, list, importedAt);
    if (!row) skipped++;
    else if (!seen.has(row.handle)) {
      seen.add(row.handle);
      rows.push(row);
    }
  }
  const next = body.next_max_id;
  const nextCursor =
    (typeof next === "string" && next.length > 0 && next.length <= 500) || typeof next === "number"
      ? String(next)
      : null;
  return { ok: true, value: { rows, skipped, nextCursor } };
}
