/**
 * The composer's optional parts, in one chunk loaded the first time they are needed: photos and
 * videos (the attachment list, checks, uploads) when a file is picked or a draft holds one, and
 * mention suggestions when an `@` is typed. Most visits to the feed need neither.
 */
export { Attachments } from "../Attachments.tsx";
export * as media from "../../lib/media.ts";
export { MentionSuggestions } from "./MentionSuggestions.tsx";
