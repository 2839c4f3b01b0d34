/**
 * The site's pages by path: a profile, a thread, a hashtag's posts. The site links them; the
 * server names them to other servers (an actor's `url`, a note's `url`, a hashtag's `href`).
 */

/** The profile page of a handle; static hosts rewrite /@* to /profile/ (see site/README.md). */
export function profilePath(handle: string): string {
  return `/@${encodeURIComponent(handle)}`;
}

/** Who follows a handle, or whom they follow: the profile shell, showing that list. */
export function followListPath(handle: string, side: "followers" | "following"): string {
  return `${profilePath(handle)}?list=${side}`;
}

/** A URL path part decoded (`user%40host` is `user@host`); null when it is not valid UTF-8 escapes. */
export function decodePathPart(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

export function threadPath(postId: string): string {
  return `/post/?id=${encodeURIComponent(postId)}`;
}

/** The search page, searching for `q` (people and posts, a `#tag`, or `@user@host` to look up). */
export function searchPath(q: string): string {
  return `/search/?q=${encodeURIComponent(q)}`;
}

/** A hashtag's posts: every post on the server holding it (the search of `#tag`). */
export function hashtagPath(tag: string): string {
  return searchPath(`#${tag}`);
}

/**
 * The share target's action (the web app manifest's `share_target`): the site's service worker
 * takes the POST; the server answers it only when no worker did (site/server/http/site-handler.ts).
 */
export const SHARE_PATH = "/share/";

/** Where the home page says a share could not be taken (the composer reads `?share=failed`). */
export const SHARE_FAILED_PATH = "/?share=failed";
