import { newId } from "../../../shared/ids.ts";
import type { Account, Post } from "../../../shared/schema/social.ts";

/** A post as the server sends it; every field can be overridden. */
export function serverPost(fields: Partial<Post> = {}, server = "https://p92.example"): Post {
  const id = fields.id ?? newId();
  return {
    id,
    url: `${server}/post/?id=${id}`,
    author: "ana",
    text: "hi",
    links: [],
    media: [],
    replyTo: null,
    quoteOf: null,
    createdAt: new Date().toISOString(),
    replyCount: 0,
    likeCount: 0,
    repostCount: 0,
    ...fields,
  };
}

/** An account as the server describes it. */
export function serverAccount(handle: string, server = "https://p92.example"): Account {
  return {
    id: `${server}/api/accounts/${handle}`,
    handle,
    displayName: `Name of ${handle}`,
    bio: "",
    links: [],
    avatarUrl: null,
    instagram: null,
    followerCount: 0,
    followingCount: 0,
    postCount: 1,
    createdAt: new Date().toISOString(),
  };
}
