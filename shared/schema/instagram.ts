import * as v from "valibot";
import { Count, InstagramHandle, IsoTimestamp, LIMITS, WebUrl, boundedText } from "./common.ts";
import { ProfileLink } from "./social.ts";

/** The signed-in person's Instagram profile as imported onto the device. */
export const ImportedProfile = v.object({
  /** Instagram's numeric user id, as a string; null when imported from a data export. */
  instagramId: v.nullable(v.pipe(v.string(), v.regex(/^\d{1,30}$/, "must be a numeric id"))),
  handle: InstagramHandle,
  fullName: boundedText(LIMITS.fullName),
  bio: boundedText(LIMITS.bio),
  bioLinks: v.pipe(
    v.array(ProfileLink),
    v.maxLength(LIMITS.bioLinks, `must hold at most ${LIMITS.bioLinks} links`),
  ),
  avatarUrl: v.nullable(WebUrl),
  isVerified: v.boolean(),
  isPrivate: v.boolean(),
  followerCount: v.nullable(Count),
  followingCount: v.nullable(Count),
  importedAt: IsoTimestamp,
});
export type ImportedProfile = v.InferOutput<typeof ImportedProfile>;

export const FollowList = v.picklist(["followers", "following"], "must be followers or following");
export type FollowList = v.InferOutput<typeof FollowList>;

/** One account in one of the imported follow lists. */
export const ImportedFollow = v.object({
  list: FollowList,
  /** Lower-cased, so the same account is one row whatever case Instagram used. */
  handle: InstagramHandle,
  instagramId: v.nullable(v.pipe(v.string(), v.regex(/^\d{1,30}$/, "must be a numeric id"))),
  fullName: boundedText(LIMITS.fullName),
  avatarUrl: v.nullable(WebUrl),
  isVerified: v.boolean(),
  importedAt: IsoTimestamp,
});
export type ImportedFollow = v.InferOutput<typeof ImportedFollow>;
