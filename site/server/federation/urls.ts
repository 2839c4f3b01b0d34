import { hashtagPath, profilePath, threadPath } from "../../../shared/site-paths.ts";

/**
 * The site's pages other servers link to: a profile, a post, a hashtag's posts, under the
 * server's public origin (which serves the site too, as `npm start` does).
 */
export const profileUrl = (origin: string, handle: string) => origin + profilePath(handle);
export const postPageUrl = (origin: string, id: string) => origin + threadPath(id);
export const hashtagUrl = (origin: string, tag: string) => origin + hashtagPath(tag);
