import type { AccountRecord, RelationPage } from "../records.ts";
import { COLUMNS, type AccountRow } from "../rows/accounts.ts";
import { now } from "../rows/clock.ts";
import {
  DELETE_RELATION,
  INSERT_RELATION,
  RELATIONS_BETWEEN,
  relationPageQuery,
  relationsOf,
  type RelationKind,
  type Relations,
} from "../rows/relations.ts";
import type { OpOutcome } from "../store.ts";
import { accountIdByHandle, toRecords } from "./accounts.ts";
import { logChange } from "./changes-log.ts";
import { separate } from "./follows.ts";
import type { Statements } from "./statements.ts";

/**
 * Blocks or mutes the account with this handle (or stops). A new block also ends the follows and
 * follow requests between the two, both ways. Logged, so the account's devices hear of it and
 * delivery tells the blocked account's server.
 */
export function setRelation(
  s: Statements,
  accountId: number,
  handle: string,
  kind: RelationKind,
  active: boolean,
): OpOutcome {
  const targetId = accountIdByHandle(s, handle);
  if (targetId === null) return { status: "not_found", field: "handle", id: handle };
  if (targetId === accountId) return { status: "self" };
  const changed = active
    ? s.run(INSERT_RELATION, accountId, targetId, kind, now()).changes
    : s.run(DELETE_RELATION, accountId, targetId, kind).changes;
  if (changed === 0) return { status: "done" };
  if (kind === "block" && active) separate(s, accountId, targetId);
  logChange(s, { kind, accountId, targetAccountId: targetId, active });
  return { status: "done" };
}

export function relationsBetween(s: Statements, a: number, b: number): Relations {
  return relationsOf(s.get(RELATIONS_BETWEEN, a, b, a, b, a, b));
}

/** One page of the accounts this account blocked or muted, newest first. */
export function relationPage(
  s: Statements,
  accountId: number,
  kind: RelationKind,
  before: number | null,
  limit: number,
): RelationPage {
  const rows = s.all<AccountRow & { relation_id: number }>(
    relationPageQuery(COLUMNS),
    accountId,
    kind,
    before ?? Number.MAX_SAFE_INTEGER,
    limit,
  );
  const accounts: AccountRecord[] = toRecords(s, rows);
  return { accounts, next: rows.length === limit ? rows.at(-1)!.relation_id : null };
}
