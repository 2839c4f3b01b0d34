import { now } from "../rows/clock.ts";
import {
  END_SESSIONS,
  LATEST_POSTS,
  LIFT,
  RESTORED_POSTS,
  SUSPEND,
  SUSPENSION_OF,
  suspensionChanges,
  suspensionStep,
  type SuspendedBy,
} from "../rows/suspensions.ts";
import { logChange } from "./changes-log.ts";
import type { Queries } from "./db.ts";

/** As on SQLite (sqlite/suspensions.ts). */
export async function setSuspension(
  q: Queries,
  accountId: number,
  by: SuspendedBy,
  suspend: boolean,
): Promise<"done" | "not_found" | "not_suspended"> {
  // Locked, so two suspensions of one account at once take their turns.
  const row = await q.get<{ suspended_by: SuspendedBy | null }>(`${SUSPENSION_OF} FOR UPDATE`, accountId);
  if (!row) return "not_found";
  const step = suspensionStep(row.suspended_by, by, suspend);
  if (step === "not_suspended") return step;
  if (step === "unchanged") return "done";
  if (step === "lift") await q.run(LIFT, accountId);
  else await q.run(SUSPEND, now(), by, accountId);
  if (step === "take_over") return "done";
  if (step === "suspend") await q.run(END_SESSIONS, accountId);
  const posts =
    step === "lift" && by === "admin"
      ? (await q.all<{ id: string }>(LATEST_POSTS, accountId, RESTORED_POSTS)).map((row) => row.id)
      : [];
  for (const entry of suspensionChanges(accountId, step === "suspend", posts)) await logChange(q, entry);
  return "done";
}
