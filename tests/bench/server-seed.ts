import { createHash } from "node:crypto";
import fs from "node:fs";
import { hashPassword } from "../../site/server/auth/passwords.ts";
import { openDatabase } from "../../site/server/storage/sqlite.ts";

export interface SeedSize {
  accounts: number;
  posts: number;
  followsEach: number;
  /** Accounts given a session, whose tokens the benchmark uses. */
  sessions: number;
}

/**
 * Fills a data directory straight through SQLite (one transaction, prepared statements), the way
 * the server's own writes would have: posts with their change-log rows, follows with counts.
 */
export async function seed(dataDir: string, size: SeedSize): Promise<{ tokens: string[] }> {
  const { db, file } = openDatabase(dataDir);
  db.exec("PRAGMA synchronous = OFF");
  const { hash, salt } = await hashPassword("benchmark password");
  const created = new Date(Date.UTC(2026, 0, 1)).toISOString();
  const tokens: string[] = [];
  db.exec("BEGIN");
  const account = db.prepare(
    `INSERT INTO accounts (id, handle, password_hash, password_salt, display_name, post_count, follower_count,
       following_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const postsEach = Math.floor(size.posts / size.accounts);
  for (let a = 1; a <= size.accounts; a++) {
    account.run(
      a,
      `user${a}`,
      hash,
      salt,
      `User ${a}`,
      postsEach,
      size.followsEach,
      size.followsEach,
      created,
    );
  }
  const follow = db.prepare("INSERT INTO follows (follower_id, followee_id, created_at) VALUES (?, ?, ?)");
  for (let a = 0; a < size.accounts; a++) {
    // a+1+37k (mod n) for k < 200 are distinct and never a itself while 37·199 < n.
    for (let k = 0; k < size.followsEach; k++) {
      follow.run(a + 1, ((a + 1 + 37 * k) % size.accounts) + 1, created);
    }
  }
  // Posts are generated inside SQLite (a recursive CTE), much faster than a million bound
  // inserts from JavaScript. Ids are valid UUIDv7s: 48-bit millisecond time, version 7, variant.
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :posts),
     t(i, ms) AS (SELECT i, :start + i * 1000 FROM n)
     INSERT INTO posts (id, author_id, text, links, media, content_hash, created_at)
     SELECT printf('%08x-%04x-7%03x-%04x-%012x', ms / 65536, ms % 65536, i % 4096, 32768 + (i / 4096) % 16384, i),
       (i % :accounts) + 1,
       'Post number ' || i || ' by user' || ((i % :accounts) + 1) || ', with some words to make it a realistic length.',
       '[]', '[]', 'seed-' || i, strftime('%Y-%m-%dT%H:%M:%fZ', ms / 1000.0, 'unixepoch')
     FROM t`,
  ).run({ posts: size.posts, start: Date.UTC(2025, 0, 1), accounts: size.accounts });
  db.exec(
    "INSERT INTO changes (kind, account_id, post_id, post_author_id) SELECT 'post', author_id, id, author_id FROM posts ORDER BY seq",
  );
  // Used now, so the server's idle-session sweep keeps them.
  const used = new Date().toISOString();
  const session = db.prepare(
    "INSERT INTO sessions (token_hash, account_id, created_at, last_used_at) VALUES (?, ?, ?, ?)",
  );
  for (let a = 1; a <= size.sessions; a++) {
    const token = `bench-token-${a}-${"x".repeat(24)}`;
    session.run(createHash("sha256").update(token).digest(), a, created, used);
    tokens.push(token);
  }
  db.exec("COMMIT");
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.close();
  // Written with synchronous = OFF: put it on disk now, or the kernel writes hundreds of
  // megabytes back while the server is being measured, and every fsync of a commit waits on it.
  const fd = fs.openSync(file, "r+");
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  return { tokens };
}
