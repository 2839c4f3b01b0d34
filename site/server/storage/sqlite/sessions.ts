import type { Store } from "../store.ts";
import type { GroupCommit } from "./group-commit.ts";
import { SessionCache } from "./session-cache.ts";
import { now } from "../rows/clock.ts";
import type { Statements } from "./statements.ts";

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
 * The Store's sessions on SQLite. Every authenticated request looks its session up, so found
 * sessions are cached (this process is the database's only writer); "last used" is written at most
 * every tenth of the idle limit (a day at most), not per request.
 */
export function sqliteSessions(s: Statements, writes: GroupCommit, idleSeconds: number): SessionOperations {
  const cache = new SessionCache();
  const idleMs = idleSeconds * 1000;
  const touchMs = Math.min(24 * 60 * 60 * 1000, idleMs / 10);
  const deleteSession = (tokenHash: Buffer) =>
    writes.run(() => {
      s.run("DELETE FROM sessions WHERE token_hash = ?", tokenHash);
      // Forgotten in the same synchronous step as the DELETE, so no request can see it again.
      cache.forget(tokenHash);
    });
  const deleteOthers = (accountId: number, keep: Buffer | null) => {
    s.run("DELETE FROM sessions WHERE account_id = ? AND token_hash IS NOT ?", accountId, keep);
    cache.forgetAccount(accountId, keep);
  };
  return {
    createSession: (accountId, tokenHash) =>
      writes.run(() => {
        const at = now();
        s.run(
          "INSERT INTO sessions (token_hash, account_id, created_at, last_used_at) VALUES (?, ?, ?, ?)",
          tokenHash,
          accountId,
          at,
          at,
        );
      }),
    async findSessionAccount(tokenHash) {
      const session = cache.find(tokenHash, () => {
        const row = s.get<{ account_id: number; last_used_at: string }>(
          "SELECT account_id, last_used_at FROM sessions WHERE token_hash = ?",
          tokenHash,
        );
        return row ? { accountId: row.account_id, lastUsed: Date.parse(row.last_used_at) } : null;
      });
      if (!session) return null;
      const at = Date.now();
      if (at - session.lastUsed > idleMs) {
        await deleteSession(tokenHash);
        return null;
      }
      if (at - session.lastUsed > touchMs) {
        session.lastUsed = at;
        const when = new Date(at).toISOString();
        writes
          .run(() => s.run("UPDATE sessions SET last_used_at = ? WHERE token_hash = ?", when, tokenHash))
          .catch((error: unknown) => console.error("p92: could not mark a session used:", error));
      }
      return session.accountId;
    },
    deleteSession,
    deleteSessions: (accountId, keep) => writes.run(() => deleteOthers(accountId, keep)),
    changePassword: (accountId, hash, salt, keep) =>
      writes.run(() => {
        s.run("UPDATE accounts SET password_hash = ?, password_salt = ? WHERE id = ?", hash, salt, accountId);
        deleteOthers(accountId, keep);
      }),
    deleteIdleSessions() {
      const before = Date.now() - idleMs;
      return writes.run(() => {
        cache.forgetIdle(before);
        return s.run("DELETE FROM sessions WHERE last_used_at < ?", new Date(before).toISOString()).changes;
      });
    },
  };
}
