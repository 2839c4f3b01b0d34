import type { Account } from "../../shared/schema/social.ts";
import { profilePath } from "../../shared/site-paths.ts";
import { session } from "../lib/store.ts";
import { Avatar } from "./Avatar.tsx";
import { FollowButton } from "./FollowButton.tsx";
import { ServerLabel } from "./PostCard.tsx";

/** Someone in a list of people (search, followers, following): picture, name, handle, Follow. */
export function PersonRow({ account }: { account: Account }) {
  const me = session.value?.handle;
  return (
    <li class="person">
      <Avatar url={account.avatarUrl} handle={account.handle} />
      <a href={profilePath(account.handle)}>
        <span class="name" dir="auto">
          {account.displayName || account.handle}
        </span>{" "}
        <span class="handle muted">@{account.handle}</span>
      </a>
      <ServerLabel handle={account.handle} />
      {me && me !== account.handle && <FollowButton me={me} handle={account.handle} />}
    </li>
  );
}
