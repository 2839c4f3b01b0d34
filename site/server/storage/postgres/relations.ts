import type { RelationPage } from "../records.ts";
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
import type { Queries } from "./db.ts";

/** Blocks and mutes, as on SQLite (see sqlite/relations.ts). */

export async function setRelation(
  q: Queries,
  accountId: number,
  handle: string,
  kind: RelationKind,
  active: boolean,
): Promise<OpOutcome> {
  const targetId = await accountIdByHandle(q, handle);
  if (targetId === null) return { status: "not_found", field: "handle", id: handle };
  if (targetId === accountId) return { status: "self" };
  const { changes } = active
    ? await q.run(INSERT_RELATION, accountId, targetId, kind, now())
    : await q.run(DELETE_RELATION, accountId, targetId, kind);
  if (changes === 0) return { status: "done" };
  if (kind === "block" && active) await separate(q, accountId, targetId);
  await logChange(q, { kind, accountId, targetAccountId: targetId, active });
  return { status: "done" };
}

export async function relationsBetween(q: Queries, a: number, b: number): Promise<Relations> {
  return relationsOf(await q.get(RELATIONS_BETWEEN, a, b, a, b, a, b));
}

export async function relationPage(
  q: Queries,
  accountId: number,
  kind: RelationKind,
  before: number | null,
  limit: number,
): Promise<RelationPage> {
  const rows = await q.all<AccountRow & { relation_id: number }>(
    relationPageQuery(COLUMNS),
    accountId,
    kind,
    before ?? Number.MAX_SAFE_INTEGER,
    limit,
  );
  return {
    accounts: await toRecords(q, rows),
    next: rows.length === limit ? rows.at(-1)!.relation_id : null,
  };
}
