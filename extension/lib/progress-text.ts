/**
 * How the import's progress reads, in the browser's language: the popup, the button on
 * instagram.com and the background (the sentences it stores) all say it the same way.
 */
import type { ImportProgress, ListProgress } from "../../shared/import-progress.ts";
import type { FollowList } from "../../shared/schema/instagram.ts";
import { formatCount, t } from "./i18n.ts";

/** "following" or "followers", in the browser's language. */
export const listName = (list: FollowList) => t(list === "following" ? "listFollowing" : "listFollowers");

/** "following 1,200 of 1,480", for people. */
export function describeList(list: FollowList, progress: ListProgress): string {
  if (progress.total === null) return t("listCount", listName(list), formatCount(progress.fetched));
  return t(
    "listCountOfTotal",
    listName(list),
    formatCount(Math.min(progress.fetched, progress.total)),
    formatCount(progress.total),
  );
}

/** One line that says where the import stands, e.g. for a status region. */
export function describeProgress(p: ImportProgress): string {
  const parts = [
    t(p.profile === "done" ? "progressProfileDone" : "progressProfile"),
    describeList("following", p.following),
    describeList("followers", p.followers),
  ];
  return parts.join("; ");
}

/** "Instagram asked us to slow down; resuming at 14:05", in the person's own clock. */
function describeWait(resumeAt: string): string {
  const time = new Date(resumeAt).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  return t("waitingUntil", time);
}

/** The sentence that says how the import stands, under the per-list figures. */
export function progressHeadline(p: ImportProgress): string {
  if (p.status === "waiting" && p.resumeAt) return describeWait(p.resumeAt);
  if ((p.status === "failed" || p.status === "cancelled") && p.problem) return p.problem.message;
  if (p.status === "done") {
    const skipped = p.following.skipped + p.followers.skipped;
    const following = formatCount(p.following.fetched);
    const followers = formatCount(p.followers.fetched);
    return skipped > 0
      ? t("importedDoneSkipped", following, followers, formatCount(skipped))
      : t("importedDone", following, followers);
  }
  if (p.status === "running") return t("importing");
  return "";
}
