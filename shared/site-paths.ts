/**
 * The site's pages by path: a profile, a thread, a hashtag's posts. The site links them; the
 * server names them to other servers (an actor's `url`, a note's `url`, a hashtag's `href`).
 */

/** The profile page of a handle; static hosts rewrite /@* to /profile/ (see site/README.md). */
export function profilePath(handle: string): string {
  return `/@${encodeURIComponent(handle)}`;
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

/** The everyone timeline filtered to a hashtag. */
export function hashtagPath(tag: string): string {
  return `/?tag=${encodeURIComponent(tag)}`;
}
