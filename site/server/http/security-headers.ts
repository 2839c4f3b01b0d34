import fs from "node:fs";
import type { ServerResponse } from "node:http";

/**
 * Where the site may load from and talk to. Its pages are static and a person picks their P92
 * server in Settings (any https server, or plain http on this computer), so the API, photos,
 * videos and avatars may come from any https origin: that is what `connect-src`, `img-src` and
 * `media-src` allow, and no more (no plain http elsewhere, no other schemes than blob: and data:
 * for pictures made in the page). Everything else only from the site itself, and the site may
 * not be framed by anyone (`frame-ancestors` only works as a header, never in a meta tag).
 */
const ANY_SERVER = "https: http://localhost:* http://127.0.0.1:*";
const SITE_DIRECTIVES = [
  "default-src 'self'",
  `connect-src 'self' ${ANY_SERVER}`,
  `img-src 'self' ${ANY_SERVER} blob: data:`,
  `media-src 'self' ${ANY_SERVER} blob:`,
  "font-src 'self'",
  "frame-ancestors 'none'",
];

/** API answers are data: nothing in them may run, load or be framed. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** Headers every answer carries. */
export function setCommonHeaders(response: ServerResponse): void {
  response.setHeader("X-Content-Type-Options", "nosniff");
  response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
}

export function setApiHeaders(response: ServerResponse): void {
  setCommonHeaders(response);
  response.setHeader("Content-Security-Policy", API_POLICY);
}

const META_CSP = /<meta http-equiv="content-security-policy" content="([^"]*)"/i;
const pagePolicies = new Map<string, { mtimeMs: number; policy: string }>();

/**
 * The Content-Security-Policy header of a built page: the page's own meta-tag policy (the script
 * and style hashes Astro computed for it, kept for static hosts that send no headers) plus the
 * directives above. Both policies apply in the browser; they agree.
 */
export function pagePolicy(file: string, mtimeMs: number): string {
  const cached = pagePolicies.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.policy;
  let meta = "";
  try {
    meta = META_CSP.exec(fs.readFileSync(file, "utf8"))?.[1] ?? "";
  } catch {
    // unreadable: send() answers the error itself
  }
  const own = meta
    .split(";")
    .map((d) => d.trim())
    .filter((d) => d && !SITE_DIRECTIVES.some((ours) => ours.split(" ")[0] === d.split(" ")[0]));
  const policy = [...SITE_DIRECTIVES, ...own].join("; ");
  pagePolicies.set(file, { mtimeMs, policy });
  return policy;
}

/** A page without a meta policy of its own (rendered on demand): only what cannot conflict. */
export const FALLBACK_PAGE_POLICY = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";
