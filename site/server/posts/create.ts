import type { NewPost } from "../../../shared/schema/social.ts";
import { extractLinks } from "../../../shared/post-text.ts";
import type { NewPostRecord } from "../storage/store.ts";

/** What the server stores for a new post: the client's fields plus the links found in its text. */
export function newPostRecord(post: NewPost): NewPostRecord {
  return {
    id: post.id,
    text: post.text,
    links: extractLinks(post.text),
    media: post.media.map((m) => ({ id: m.id, alt: m.alt })),
    replyTo: post.replyTo,
    quoteOf: post.quoteOf,
  };
}
