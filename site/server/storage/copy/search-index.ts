import type postgres from "postgres";
import { Queries } from "../postgres/db.ts";
import { indexAccounts, indexPosts } from "../postgres/search.ts";
import { SEARCH_TABLES } from "./tables.ts";

/**
 * Fills PostgreSQL's search indexes from the copied accounts and posts, with the functions every
 * write uses (postgres/search.ts), so a copied row is found exactly as one written on PostgreSQL.
 * What is indexed is what SQLite's migration 9 indexed and its writes keep indexed: accounts and
 * posts not deleted (sqlite/search.ts `indexEverything`).
 *
 * Rows are read by key in chunks (bounded memory however many posts), and each chunk's index rows
 * are written by one statement. The GIN indexes over the words are
 * dropped meanwhile and built again at the end, from the definitions PostgreSQL reports (one bulk
 * build is far cheaper than a million inserts into them).
 */
export async function rebuildSearchIndexes(
  tx: postgres.TransactionSql,
  chunkRows: number,
  progress: (table: string, rows: number, of: number) => void = () => {},
): Promise<{ accounts: number; posts: number }> {
  const q = new Queries(tx);
  const secondary = await tx.unsafe<{ name: string; definition: string }[]>(
    `SELECT quote_ident(c.relname) AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = ANY($1::text[]::regclass[]) AND NOT i.indisprimary`,
    [[...SEARCH_TABLES]],
  );
  for (const { name } of secondary) await tx.unsafe(`DROP INDEX ${name}`);

  const accountsOf = await count(q, "accounts");
  let accounts = 0;
  for (let after = 0; ;) {
    const rows = await q.all<{ id: number; handle: string; display_name: string }>(
      "SELECT id, handle, display_name FROM accounts WHERE deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?",
      after,
      chunkRows,
    );
    if (rows.length === 0) break;
    await indexAccounts(
      q,
      rows.map((r) => ({ id: r.id, handle: r.handle, displayName: r.display_name })),
    );
    accounts += rows.length;
    after = rows.at(-1)!.id;
    progress("accounts_search", accounts, accountsOf);
  }

  const postsOf = await count(q, "posts");
  let posts = 0;
  for (let after = 0; ;) {
    const rows = await q.all<{ seq: number; text: string; content_warning: string | null }>(
      "SELECT seq, text, content_warning FROM posts WHERE deleted_at IS NULL AND seq > ? ORDER BY seq LIMIT ?",
      after,
      chunkRows,
    );
    if (rows.length === 0) break;
    await indexPosts(
      q,
      rows.map((r) => ({ seq: r.seq, text: r.text, contentWarning: r.content_warning })),
    );
    posts += rows.length;
    after = rows.at(-1)!.seq;
    progress("posts_search", posts, postsOf);
  }

  for (const { definition } of secondary) await tx.unsafe(definition);
  return { accounts, posts };
}

async function count(q: Queries, table: "accounts" | "posts"): Promise<number> {
  const row = await q.get<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE deleted_at IS NULL`);
  return Number(row!.n);
}
