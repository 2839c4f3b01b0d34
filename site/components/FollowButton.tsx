import { t } from "../i18n/index.ts";
import { followState } from "../lib/follows.ts";
import { useLiveQuery } from "../lib/live-query.ts";
import { setFollowing } from "../lib/outbox.ts";

/**
 * Follow, Unfollow, or Requested: someone on another server is followed once their server accepts;
 * until then the button says so, and pressing it withdraws the request.
 */
export function FollowButton({ me, handle }: { me: string; handle: string }) {
  const state = useLiveQuery(() => followState(me, handle), [me, handle]);
  if (state === undefined) return null;
  const label =
    state === "following"
      ? t("profile.unfollow")
      : state === "requested"
        ? t("profile.requested")
        : t("profile.follow");
  return (
    <button
      type="button"
      class={state === "none" ? "primary" : ""}
      aria-pressed={state !== "none"}
      title={state === "requested" ? t("profile.requestedHint") : undefined}
      onClick={() => void setFollowing(me, handle, state === "none")}
    >
      {label}
      <span class="visually-hidden"> @{handle}</span>
    </button>
  );
}
