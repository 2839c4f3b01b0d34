import { relationsWith } from "../../lib/people.ts";
import { useLiveQuery } from "../../lib/live-query.ts";
import { MenuButton } from "../post/MenuButton.tsx";
import type { MenuShell } from "../post/MenuOnDemand.tsx";
import { relationItems } from "./relation-items.ts";

/** Until the device answers: what is most likely (the profile shows a notice otherwise). */
const NOT_YET = { blocking: false, muting: false };

/** The More menu of someone else's profile: mute, block (or undo them), report. */
export function ProfileMenu({ me, handle, ...shell }: MenuShell & { me: string; handle: string }) {
  const relations = useLiveQuery(() => relationsWith(me, handle), [me, handle]);
  return <MenuButton {...shell} items={relationItems(me, handle, relations ?? NOT_YET)} />;
}
