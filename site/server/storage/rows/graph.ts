import { visibleTo } from "./relations.ts";
import type { ProofRecord, ProveOutcome, ProvenProfile } from "../records.ts";

/** A pending proof code as stored in `instagram_proofs`. */
export interface ProofRow {
  handle: string;
  code: string;
  expires_at: string;
}

export function toProof(row: ProofRow): ProofRecord {
  return { handle: row.handle, code: row.code, expiresAt: row.expires_at };
}

/**
 * Why a proof is refused, if it is: no pending code for this handle (or another code), or the
 * code expired by `at`.
 */
export function proofRefusal(
  pending: ProofRecord | null,
  proof: ProvenProfile,
  at: string,
): Extract<ProveOutcome, { status: "no_proof" | "expired" }> | null {
  if (!pending || pending.code !== proof.code || pending.handle !== proof.handle)
    return { status: "no_proof" };
  if (pending.expiresAt <= at) return { status: "expired" };
  return null;
}

/** A follow a bulk insert created. */
export interface FollowPair {
  follower_id: number;
  followee_id: number;
}

/** How many of the follows each account gained, by one side of the pair: [account id, count]. */
export function tally(added: FollowPair[], key: keyof FollowPair): [number, number][] {
  const counts = new Map<number, number>();
  for (const row of added) counts.set(row[key], (counts.get(row[key]) ?? 0) + 1);
  return [...counts];
}

/**
 * Proven accounts whose handle is in the person's uploaded following list (but those either of them
 * blocked): one set-based query.
 */
export const MATCHED = `SELECT k.account_id FROM instagram_lists l JOIN instagram_links k ON k.handle = l.handle
  WHERE l.account_id = :me AND l.list = 'following' AND k.account_id != :me
    AND ${visibleTo(":me", "k.account_id")}`;

/** The opted-in accounts that follow an arriving account (`:me`), but those either of them blocked. */
export const AUTO_FOLLOW_NOT_BLOCKED = visibleTo(":me", "l.account_id");
