/**
 * The rules input is checked by that need no schema library: handles, the bounds of a profile and
 * a post, web addresses. The valibot schemas (schema/common.ts) are built on them; the site's
 * first paint imports these alone, and so carries no valibot.
 */

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

/** The server of someone elsewhere (`user@host:port` → `host`); null for someone here (`name`). */
export function serverOfHandle(handle: string): string | null {
  const at = handle.indexOf("@");
  return at < 0 ? null : handle.slice(at + 1).replace(/:\d+$/, "");
}

/**
 * `raw` as a domain name a block list holds (`spam.example`), as a URL's host has it: lower-cased,
 * in ASCII (`bücher.example` as `xn--bcher-kva.example`), without a final dot; letters, digits and
 * dashes in labels joined by dots, at most 253 characters. Null otherwise (an address, a port, a path).
 */
export function readDomain(raw: string): string | null {
  const trimmed = raw.trim();
  if (trimmed === "" || trimmed.length > 300 || /[\s/?#@:[\]\\%]/.test(trimmed)) return null;
  let host: string;
  try {
    host = new URL(`http://${trimmed}`).hostname.replace(/\.$/, "");
  } catch {
    return null;
  }
  return host.length <= 253 && /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(host) ? host : null;
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
  /** How many times one post may be edited: each edit keeps the text it replaced. */
  postEdits: 10,
  /** What a report says besides its reason. */
  reportComment: 1000,
  /** Why an admin acted, kept in the log. */
  moderationReason: 1000,
} as const;

/** Why someone reports a post or an account to their server's admins. */
export const REPORT_REASONS = ["spam", "harassment", "illegal", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
