import * as v from "valibot";
import { isId } from "../ids.ts";

/**
 * The one handle pattern, Instagram's: 1 to 30 letters, digits, dots and underscores. P92 handles
 * are Instagram's lower-cased (unique case-insensitively), and so are the handles of the imported
 * follow rows: each place a handle enters (Instagram's answers, an export, sign-up, a URL) checks
 * it against this pattern and lower-cases it there, once (`readHandle`; sign-up's `HandleInput` in shared/api.ts).
 */
export const HANDLE_PATTERN = /^[A-Za-z0-9._]{1,30}$/;
/** The pattern without its anchors, to embed: an @mention, a route, a form field's `pattern`. */
export const HANDLE_CHARACTERS = HANDLE_PATTERN.source.slice(1, -1);

/** `raw` as a P92 handle (lower-cased), or null when it is not a handle at all. */
export function readHandle(raw: unknown): string | null {
  return typeof raw === "string" && HANDLE_PATTERN.test(raw) ? raw.toLowerCase() : null;
}

/**
 * Someone on another server, as P92 names them: `user@host` (their server's host, with its port when
 * it is not the default), lower-cased. The user part is what ActivityPub servers allow in a
 * preferredUsername: letters, digits, dots, dashes and underscores.
 */
export const REMOTE_HANDLE_PATTERN = /^[A-Za-z0-9._-]{1,64}@[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?$/;

/** `raw` as a remote handle (lower-cased), or null when it is not one. */
export function readRemoteHandle(raw: unknown): string | null {
  return typeof raw === "string" && REMOTE_HANDLE_PATTERN.test(raw) ? raw.toLowerCase() : null;
}

export const LIMITS = {
  fullName: 150,
  bio: 500,
  url: 2048,
  linkTitle: 100,
  bioLinks: 10,
  /** Links a person sets on their profile (at sign-up, then editing it); others' may have more. */
  profileLinks: 5,
  mediaPerPost: 10,
  altText: 1500,
  contentWarning: 500,
} as const;

export const IsoTimestamp = v.pipe(
  v.string(),
  v.check(
    (s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}T/.test(s),
    "must be an ISO 8601 date-time",
  ),
);

/** An http or https URL; anything else (javascript:, data:, ...) is refused. */
export const WebUrl = v.pipe(
  v.string(),
  v.maxLength(LIMITS.url, `must be at most ${LIMITS.url} characters`),
  v.check(isWebUrl, "must be an http or https URL"),
);

export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** A handle as Instagram spells it (the imported profile keeps its capitals). */
export const InstagramHandle = v.pipe(
  v.string(),
  v.regex(HANDLE_PATTERN, "must be 1-30 letters, digits, dots or underscores"),
);

/** A P92 account's handle, or a remote account's `user@host`. */
export const AccountHandle = v.pipe(
  v.string(),
  v.check(
    (handle) => readHandle(handle) === handle || readRemoteHandle(handle) === handle,
    "must be a handle, or user@host for someone on another server",
  ),
);

export const Id = v.pipe(v.string(), v.check(isId, "must be a UUIDv7"));

/** The id the server gave an upload. */
export const MediaId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a media id"));

export const Count = v.pipe(
  v.number(),
  v.integer("must be a whole number"),
  v.minValue(0, "must not be negative"),
);

/**
 * Text of a person's or Instagram's (names, bio, link titles, alt text), bounded in UTF-16 code
 * units: what is stored and sent, whatever the number of graphemes.
 */
export const boundedText = (max: number) =>
  v.pipe(v.string(), v.maxLength(max, `must be at most ${max} characters`));
