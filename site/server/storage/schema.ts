/**
 * The versions of the server's schema, in order: one list for both databases. Each database has
 * its migrations (sqlite/migrations.ts, postgres/migrations.ts) keyed by these versions, and
 * `checkMigrations` refuses a list that misses one or adds one, so the two never drift apart.
 *
 * PostgreSQL joined at version 10: its first migration builds the schema as of version 10 on an
 * empty database (no PostgreSQL database of an earlier version ever existed). From version 11 on,
 * every version has a migration in both.
 */
export const SCHEMA_VERSIONS = [
  { version: 1, what: "the instance's creation time" },
  {
    version: 2,
    what: "accounts, sessions, posts, likes, reposts, follows, media, applied ops, the change log",
  },
  { version: 3, what: "Instagram proofs and lists, auto-follow, notifications" },
  { version: 4, what: "session idle time, media use counts, arrivals, notifications once a day" },
  { version: 5, what: "actors' signing keys" },
  { version: 6, what: "accounts on other servers" },
  { version: 7, what: "posts from other servers: object id, visibility, content warning, edits" },
  { version: 8, what: "follow requests to other servers; followers elsewhere counted" },
  { version: 9, what: "full-text search of people and posts; sensitive media" },
  { version: 10, what: "counts other servers report; outbox reads" },
  { version: 11, what: "the earlier texts of edited posts" },
  { version: 12, what: "blocks and mutes" },
  { version: 13, what: "who may reply to a post" },
  { version: 14, what: "reports to the admins" },
  { version: 15, what: "servers blocked by an admin; the admins' action log" },
  { version: 16, what: "suspended accounts" },
  { version: 17, what: "the purges of deleted accounts" },
  {
    version: 18,
    what: "posts imported from a P92 archive, by their address elsewhere; the files reports hold",
  },
] as const;

export const LATEST_SCHEMA_VERSION = SCHEMA_VERSIONS.at(-1)!.version;

/**
 * Throws unless `versions` (a database's migrations, in order) are exactly the list's versions
 * from `from` on.
 */
export function checkMigrations(database: string, versions: number[], from = 1): void {
  const expected = SCHEMA_VERSIONS.map((v) => v.version).filter((v) => v >= from);
  if (versions.join() !== expected.join()) {
    throw new Error(
      `${database} migrations are for versions ${versions.join(", ")}; the schema's are ${expected.join(", ")}`,
    );
  }
}
