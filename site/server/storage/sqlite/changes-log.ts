import { changeParams, INSERT_CHANGE, type ChangeEntry } from "../rows/changes-log.ts";
import type { Statements } from "./statements.ts";

/**
 * Appends to the change log inside the caller's transaction, so the change commits (and gets its
 * sequence number) together with the write it describes.
 */
export function logChange(s: Statements, entry: ChangeEntry): void {
  s.run(INSERT_CHANGE, ...changeParams(entry));
}
