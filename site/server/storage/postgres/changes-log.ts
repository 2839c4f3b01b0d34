import { changeParams, INSERT_CHANGE, type ChangeEntry } from "../rows/changes-log.ts";
import type { Queries } from "./db.ts";
import { holdChangeLog } from "./transactions.ts";

/**
 * Appends to the change log inside the caller's transaction, as on SQLite (see
 * sqlite/changes-log.ts). The order of `seq` is the order of commits because the wiring runs
 * every write that may append here holding the change log's lock from its start to its commit
 * (postgres/transactions.ts). A write wired without it takes it here (no round trip when it is
 * held), so it still appends in commit order.
 */
export async function logChange(q: Queries, entry: ChangeEntry): Promise<void> {
  await holdChangeLog(q);
  await q.run(INSERT_CHANGE, ...changeParams(entry));
}
