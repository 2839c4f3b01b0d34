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
import type { Statements } from "./statements.ts";

/**
 * Suspends an account or lifts its suspension (rows/suspensions.ts), inside the caller's
 * transaction: a new suspension ends its sessions, and devices and other servers hear of it.
 */
export function setSuspension(
  s: Statements,
  accountId: number,
  by: SuspendedBy,
  suspend: boolean,
): "done" | "not_found" | "not_suspended" {
  const row = s.get<{ suspended_by: SuspendedBy | null }>(SUSPENSION_OF, accountId);
  if (!row) return "not_found";
  const step = suspensionStep(row.suspended_by, by, suspend);
  if (step === "not_suspended") return step;
  if (step === "unchanged") return "done";
  if (step === "lift") s.run(LIFT, accountId);
  else s.run(SUSPEND, now(), by, accountId);
  if (step === "take_over") return "done";
  if (step === "suspend") s.run(END_SESSIONS, accountId);
  const posts =
    step === "lift" && by === "admin"
      ? s.all<{ id: string }>(LATEST_POSTS, accountId, RESTORED_POSTS).map((row) => row.id)
      : [];
  for (const entry of suspensionChanges(accountId, step === "suspend", posts)) logChange(s, entry);
  return "done";
}
