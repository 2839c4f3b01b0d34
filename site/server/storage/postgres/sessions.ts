import type { Store } from "../store.ts";
import type { Pool } from "./db.ts";
import { Queries } from "./db.ts";
import { transaction } from "./transactions.ts";

type SessionOperations = Pick<
  Store,
  | "createSession"
  | "findSessionAccount"
  | "deleteSession"
  | "deleteSessions"
  | "changePassword"
  | "deleteIdleSessions"
>;

/**
 * The Store's sessions on PostgreSQL. Unlike SQLite's, found sessions are not cached: another
 * process may sign a session out at any moment, and one indexed lookup per request (a fraction of
 * a millisecond) is how every process honours it at once. "Last used" is written at most every
 * tenth of the idle limit (a day at most), as on SQLite.
 */
export function postgresSessions(pool: Pool, idleSeconds: number): SessionOperations {
  const q = new Queries(pool);
  const idleMs = idleSeconds * 1000;
  const touchMs = Math.min(24 * 60 * 60 * 1000, idleMs / 10);
  const deleteSession = async (tokenHash: Buffer) => {
    await q.run("DELETE FROM sessions WHERE token_hash = ?", tokenHash);
  };
  const deleteOthers = (w: Queries, accountId: number, keep: Buffer | null) =>
    w.run(
      "DELETE FROM sessions WHERE account_id = ? AND token_hash IS DISTINCT FROM ?::bytea",
      accountId,
      keep,
    );
  return {
    async createSession(accountId, tokenHash) {
      const at = new Date().toISOString();
      await q.run(
        "INSERT INTO sessions (token_hash, account_id, created_at, last_used_at) VALUES (?, ?, ?, ?)",
        tokenHash,
        accountId,
        at,
        at,
      );
    },
    async findSessionAccount(tokenHash) {
      const row = await q.get<{ account_id: number; last_used_at: string }>(
        "SELECT account_id, last_used_at FROM sessions WHERE token_hash = ?",
        tokenHash,
      );
      if (!row) return null;
      const at = Date.now();
      const lastUsed = Date.parse(row.last_used_at);
      if (at - lastUsed > idleMs) {
        await deleteSession(tokenHash);
        return null;
      }
      if (at - lastUsed > touchMs) {
        q.run(
          "UPDATE sessions SET last_used_at = ? WHERE token_hash = ?",
          new Date(at).toISOString(),
          tokenHash,
        ).catch((error: unknown) => console.error("p92: could not mark a session used:", error));
      }
      return row.account_id;
    },
    deleteSession,
    async deleteSessions(accountId, keep) {
      await deleteOthers(q, accountId, keep);
    },
    changePassword: (accountId, hash, salt, keep) =>
      transaction(pool, { logged: false }, async (w) => {
        await w.run(
          "UPDATE accounts SET password_hash = ?, password_salt = ? WHERE id = ?",
          hash,
          salt,
          accountId,
        );
        await deleteOthers(w, accountId, keep);
      }),
    async deleteIdleSessions() {
      const before = new Date(Date.now() - idleMs).toISOString();
      return (await q.run("DELETE FROM sessions WHERE last_used_at < ?", before)).changes;
    },
  };
}
