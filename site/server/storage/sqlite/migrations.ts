import type { DatabaseSync } from "node:sqlite";
import { POST_MAX_UTF16, withoutControlCharacters } from "../../../../shared/post-length.ts";
import { indexEverything } from "./search.ts";

/**
 * The server's schema on SQLite, one migration per version of ../schema.ts, applied in order at
 * start-up. Never edit a migration that has shipped: add the next one. `data` runs after `sql`, in
 * the same transaction, for a change of stored values that SQL cannot express.
 */
export interface Migration {
  version: number;
  sql: string;
  data?: (db: DatabaseSync) => void;
  /**
   * The migration rebuilds a table others reference (SQLite cannot drop a NOT NULL): foreign keys
   * are off while it runs, as SQLite's documented procedure says, and checked before it commits.
   */
  rebuildsTables?: boolean;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE instance (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
      INSERT INTO instance (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
    `,
  },
  {
    // Accounts, sessions, posts (tombstoned on delete), interactions, media, the per-account log
    // of applied sync operations (at-most-once) and the change log read by the sync cursor.
    version: 2,
    sql: `
      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        handle TEXT NOT NULL UNIQUE,
        password_hash BLOB NOT NULL,
        password_salt BLOB NOT NULL,
        display_name TEXT NOT NULL DEFAULT '',
        bio TEXT NOT NULL DEFAULT '',
        links TEXT NOT NULL DEFAULT '[]',
        avatar_media_id TEXT,
        instagram_handle TEXT,
        instagram_verified INTEGER NOT NULL DEFAULT 0,
        instagram_proven INTEGER NOT NULL DEFAULT 0,
        follower_count INTEGER NOT NULL DEFAULT 0,
        following_count INTEGER NOT NULL DEFAULT 0,
        post_count INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE sessions (
        token_hash BLOB PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX sessions_account ON sessions(account_id);
      -- seq orders posts by arrival for keyset pagination; id is the client's UUIDv7.
      CREATE TABLE posts (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        author_id INTEGER NOT NULL REFERENCES accounts(id),
        text TEXT NOT NULL,
        links TEXT NOT NULL,
        media TEXT NOT NULL,
        reply_to TEXT,
        quote_of TEXT,
        content_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        deleted_at TEXT,
        reply_count INTEGER NOT NULL DEFAULT 0,
        like_count INTEGER NOT NULL DEFAULT 0,
        repost_count INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX posts_author ON posts(author_id, seq);
      CREATE INDEX posts_reply_to ON posts(reply_to, seq) WHERE reply_to IS NOT NULL;
      CREATE TABLE likes (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        post_id TEXT NOT NULL REFERENCES posts(id),
        created_at TEXT NOT NULL,
        PRIMARY KEY (account_id, post_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE reposts (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        post_id TEXT NOT NULL REFERENCES posts(id),
        created_at TEXT NOT NULL,
        PRIMARY KEY (account_id, post_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE follows (
        follower_id INTEGER NOT NULL REFERENCES accounts(id),
        followee_id INTEGER NOT NULL REFERENCES accounts(id),
        created_at TEXT NOT NULL,
        PRIMARY KEY (follower_id, followee_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX follows_followee ON follows(followee_id, follower_id);
      CREATE TABLE media (
        id TEXT PRIMARY KEY,
        owner_id INTEGER NOT NULL REFERENCES accounts(id),
        kind TEXT NOT NULL,
        mime_type TEXT NOT NULL,
        file TEXT NOT NULL,
        size INTEGER NOT NULL,
        preview_file TEXT,
        width INTEGER,
        height INTEGER,
        duration REAL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE applied_ops (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        op_id TEXT NOT NULL,
        PRIMARY KEY (account_id, op_id)
      ) STRICT, WITHOUT ROWID;
      -- AUTOINCREMENT: seq never goes back, and since SQLite has one writer at a time, the order
      -- of seq is the order of commits, which is what makes the sync cursor safe.
      CREATE TABLE changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        account_id INTEGER NOT NULL,
        post_id TEXT,
        post_author_id INTEGER,
        target_account_id INTEGER,
        active INTEGER
      ) STRICT;
    `,
  },
  {
    // The social graph carried over from Instagram (issue 6): proven handles (one handle, one
    // account), pending proof codes, the uploaded follow lists (handles only, lower-cased), the
    // auto-follow setting and notifications. Notifications of likes, reposts, replies, quotes and
    // follows are written by triggers, so they commit with the write that caused them.
    version: 3,
    sql: `
      ALTER TABLE accounts ADD COLUMN auto_follow_instagram INTEGER NOT NULL DEFAULT 1;
      CREATE TABLE instagram_links (
        handle TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL UNIQUE REFERENCES accounts(id),
        verified INTEGER NOT NULL,
        proven_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE instagram_proofs (
        account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
        handle TEXT NOT NULL,
        code TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE instagram_lists (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        list TEXT NOT NULL CHECK (list IN ('following', 'followers')),
        handle TEXT NOT NULL,
        PRIMARY KEY (account_id, list, handle)
      ) STRICT, WITHOUT ROWID;
      -- Arrival: who listed this handle, found without scanning anyone's list.
      CREATE INDEX instagram_lists_handle ON instagram_lists(handle, list, account_id);
      CREATE TABLE notifications (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        kind TEXT NOT NULL,
        actor_id INTEGER NOT NULL REFERENCES accounts(id),
        post_id TEXT,
        created_at TEXT NOT NULL,
        read INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX notifications_account ON notifications(account_id, id);
      CREATE INDEX notifications_unread ON notifications(account_id) WHERE read = 0;
      CREATE TRIGGER notify_follow AFTER INSERT ON follows BEGIN
        INSERT INTO notifications (account_id, kind, actor_id, created_at)
        VALUES (NEW.followee_id, 'follow', NEW.follower_id, NEW.created_at);
      END;
      CREATE TRIGGER notify_like AFTER INSERT ON likes BEGIN
        INSERT INTO notifications (account_id, kind, actor_id, post_id, created_at)
        SELECT p.author_id, 'like', NEW.account_id, NEW.post_id, NEW.created_at FROM posts p
        WHERE p.id = NEW.post_id AND p.author_id != NEW.account_id;
      END;
      CREATE TRIGGER notify_repost AFTER INSERT ON reposts BEGIN
        INSERT INTO notifications (account_id, kind, actor_id, post_id, created_at)
        SELECT p.author_id, 'repost', NEW.account_id, NEW.post_id, NEW.created_at FROM posts p
        WHERE p.id = NEW.post_id AND p.author_id != NEW.account_id;
      END;
      CREATE TRIGGER notify_reply_or_quote AFTER INSERT ON posts BEGIN
        INSERT INTO notifications (account_id, kind, actor_id, post_id, created_at)
        SELECT p.author_id, 'reply', NEW.author_id, NEW.id, NEW.created_at FROM posts p
        WHERE NEW.reply_to IS NOT NULL AND p.id = NEW.reply_to AND p.author_id != NEW.author_id;
        INSERT INTO notifications (account_id, kind, actor_id, post_id, created_at)
        SELECT p.author_id, 'quote', NEW.author_id, NEW.id, NEW.created_at FROM posts p
        WHERE NEW.quote_of IS NOT NULL AND p.id = NEW.quote_of AND p.author_id != NEW.author_id;
      END;
    `,
  },
  {
    // Hardening (issue 11).
    // - Sessions end after a while unused: when each was last used (refreshed at most daily).
    // - Media know how many posts and profiles use them: a file is removed when the last use
    //   goes, and one never attached is removed after a day.
    // - An Instagram handle's arrival (notifications, auto-follows) happens once per server, not
    //   again each time another account proves the same handle.
    // - The same actor liking, reposting or following the same thing again within a day (e.g.
    //   500 follow/unfollow pairs) notifies once.
    // - Posts stored before text was bounded in code units: a real post of 500 characters is at
    //   most 8,000 code units, so 24,000 bytes of UTF-8; longer ones are attack artifacts (e.g. one
    //   letter and 500,000 accents), cut to 2,000 characters with their links dropped, so every
    //   answer fits its byte budget. Control characters (NUL among them, at which SQLite's text
    //   functions stop) are removed from them first.
    version: 4,
    sql: `
      ALTER TABLE sessions ADD COLUMN last_used_at TEXT NOT NULL DEFAULT '';
      -- When a session was last used was not kept: from now, so no one is signed out by the upgrade.
      UPDATE sessions SET last_used_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
      CREATE INDEX sessions_last_used ON sessions(last_used_at);

      ALTER TABLE media ADD COLUMN refs INTEGER NOT NULL DEFAULT 0;
      WITH uses(id, n) AS (
        SELECT j.value ->> 'id', count(DISTINCT p.id) FROM posts p, json_each(p.media) j
        WHERE p.deleted_at IS NULL AND p.media != '[]' GROUP BY 1
      )
      UPDATE media SET refs = uses.n FROM uses WHERE uses.id = media.id;
      UPDATE media SET refs = refs + 1
        WHERE id IN (SELECT avatar_media_id FROM accounts WHERE avatar_media_id IS NOT NULL);
      CREATE INDEX media_owner ON media(owner_id);
      CREATE INDEX media_unattached ON media(created_at) WHERE refs = 0;

      CREATE TABLE instagram_arrivals (
        handle TEXT PRIMARY KEY,
        arrived_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      INSERT INTO instagram_arrivals (handle, arrived_at) SELECT handle, proven_at FROM instagram_links;

      CREATE INDEX notifications_recent ON notifications(account_id, actor_id, kind, created_at);
      DROP TRIGGER notify_follow;
      DROP TRIGGER notify_like;
      DROP TRIGGER notify_repost;
      CREATE TRIGGER notify_follow AFTER INSERT ON follows BEGIN
        INSERT INTO notifications (account_id, kind, actor_id, created_at)
        SELECT NEW.followee_id, 'follow', NEW.follower_id, NEW.created_at
        WHERE NOT EXISTS (
          SELECT 1 FROM notifications n
          WHERE n.account_id = NEW.followee_id AND n.actor_id = NEW.follower_id AND n.kind = 'follow'
            AND n.created_at > strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_at, '-1 day'));
      END;
      CREATE TRIGGER notify_like AFTER INSERT ON likes BEGIN
        INSERT INTO notifications (account_id, kind, actor_id, post_id, created_at)
        SELECT p.author_id, 'like', NEW.account_id, NEW.post_id, NEW.created_at FROM posts p
        WHERE p.id = NEW.post_id AND p.author_id != NEW.account_id AND NOT EXISTS (
          SELECT 1 FROM notifications n
          WHERE n.account_id = p.author_id AND n.actor_id = NEW.account_id AND n.kind = 'like'
            AND n.post_id = NEW.post_id
            AND n.created_at > strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_at, '-1 day'));
      END;
      CREATE TRIGGER notify_repost AFTER INSERT ON reposts BEGIN
        INSERT INTO notifications (account_id, kind, actor_id, post_id, created_at)
        SELECT p.author_id, 'repost', NEW.account_id, NEW.post_id, NEW.created_at FROM posts p
        WHERE p.id = NEW.post_id AND p.author_id != NEW.account_id AND NOT EXISTS (
          SELECT 1 FROM notifications n
          WHERE n.account_id = p.author_id AND n.actor_id = NEW.account_id AND n.kind = 'repost'
            AND n.post_id = NEW.post_id
            AND n.created_at > strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_at, '-1 day'));
      END;

    `,
    data: cutOversizedPosts,
  },
  {
    // Federation (issue 13): each account's signing keys, made the first time another server
    // needs them (RSA for HTTP signatures, Ed25519 for object integrity proofs), as JWK.
    version: 5,
    sql: `
      CREATE TABLE actor_keys (
        account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
        keys TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    // Federation (issue 13): people on other servers are accounts too, so that follows, likes,
    // reposts and notifications keep one shape. A remote account has no password (it cannot sign
    // in here), a `user@host` handle, its actor's id, inboxes and profile URL, and an avatar by URL
    // (its file stays on its server). `deleted_at`: an actor its server deleted; the row stays so
    // that its notifications keep their actor.
    version: 6,
    rebuildsTables: true,
    sql: `
      CREATE TABLE accounts_new (
        id INTEGER PRIMARY KEY,
        handle TEXT NOT NULL UNIQUE,
        password_hash BLOB,
        password_salt BLOB,
        display_name TEXT NOT NULL DEFAULT '',
        bio TEXT NOT NULL DEFAULT '',
        links TEXT NOT NULL DEFAULT '[]',
        avatar_media_id TEXT,
        instagram_handle TEXT,
        instagram_verified INTEGER NOT NULL DEFAULT 0,
        instagram_proven INTEGER NOT NULL DEFAULT 0,
        follower_count INTEGER NOT NULL DEFAULT 0,
        following_count INTEGER NOT NULL DEFAULT 0,
        post_count INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        auto_follow_instagram INTEGER NOT NULL DEFAULT 1,
        actor_uri TEXT UNIQUE,
        inbox_url TEXT,
        shared_inbox_url TEXT,
        profile_url TEXT,
        avatar_url TEXT,
        refreshed_at TEXT,
        deleted_at TEXT,
        CHECK ((actor_uri IS NULL) = (password_hash IS NOT NULL AND password_salt IS NOT NULL))
      ) STRICT;
      INSERT INTO accounts_new (id, handle, password_hash, password_salt, display_name, bio, links,
        avatar_media_id, instagram_handle, instagram_verified, instagram_proven, follower_count,
        following_count, post_count, created_at, auto_follow_instagram)
      SELECT id, handle, password_hash, password_salt, display_name, bio, links, avatar_media_id,
        instagram_handle, instagram_verified, instagram_proven, follower_count, following_count,
        post_count, created_at, auto_follow_instagram FROM accounts;
      DROP TABLE accounts;
      ALTER TABLE accounts_new RENAME TO accounts;
    `,
  },
  {
    // Federation, part 3 (issue 13): posts from other servers. `object_uri` is a remote post's
    // ActivityPub id (one row per object), `remote_url` its page on its server; a content warning,
    // who may read it (public, unlisted, followers) and when it was last edited. A remote account's
    // followers collection tells a followers-only post from a direct one.
    version: 7,
    sql: `
      ALTER TABLE posts ADD COLUMN object_uri TEXT;
      ALTER TABLE posts ADD COLUMN remote_url TEXT;
      ALTER TABLE posts ADD COLUMN content_warning TEXT;
      ALTER TABLE posts ADD COLUMN visibility TEXT NOT NULL DEFAULT 'public'
        CHECK (visibility IN ('public', 'unlisted', 'followers'));
      ALTER TABLE posts ADD COLUMN edited_at TEXT;
      CREATE UNIQUE INDEX posts_object_uri ON posts(object_uri) WHERE object_uri IS NOT NULL;
      ALTER TABLE accounts ADD COLUMN followers_url TEXT;
    `,
  },
  {
    // Federation, part 4 (issue 13): following someone on another server waits for their server's
    // Accept. Until then the follow is a request, not a follow: it counts nowhere and brings no
    // posts; the Accept turns it into a follow, a Reject (or an unfollow) removes it.
    // `remote_follower_count`: delivery skips, without a query per post, the many accounts that
    // nobody elsewhere follows.
    version: 8,
    sql: `
      CREATE TABLE follow_requests (
        follower_id INTEGER NOT NULL REFERENCES accounts(id),
        followee_id INTEGER NOT NULL REFERENCES accounts(id),
        created_at TEXT NOT NULL,
        PRIMARY KEY (follower_id, followee_id)
      ) STRICT;
      ALTER TABLE accounts ADD COLUMN remote_follower_count INTEGER NOT NULL DEFAULT 0;
      UPDATE accounts SET remote_follower_count = (
        SELECT count(*) FROM follows f JOIN accounts r ON r.id = f.follower_id
        WHERE f.followee_id = accounts.id AND r.actor_uri IS NOT NULL)
      WHERE actor_uri IS NULL AND follower_count > 0;
    `,
  },
  {
    // Search (issue 14): full-text indexes of people and posts, filled from what is stored. Their
    // words and tokenizer are explained in sqlite/search.ts. People have prefix indexes (search as
    // you type a name); posts none: it made every post's write a third slower, and a prefix of
    // three letters is found fast enough without it. Contentless: the text is stored once.
    // Posts from other servers also keep whether their media are sensitive (shown blurred).
    version: 9,
    sql: `
      ALTER TABLE posts ADD COLUMN sensitive INTEGER NOT NULL DEFAULT 0;
      CREATE VIRTUAL TABLE accounts_search USING fts5(handle, name, content = '', contentless_delete = 1,
        tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M* So'", prefix = '1 2 3');
      CREATE VIRTUAL TABLE posts_search USING fts5(body, tags, content = '', contentless_delete = 1,
        tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M* So'");
    `,
    data: indexEverything,
  },
  {
    // Remote profiles (issue 14): the counts another server reports for its account (posts,
    // followers, following: null when it does not say), shown instead of what this server knows
    // of them, and when its outbox was last read for recent posts (at most every 10 minutes).
    version: 10,
    sql: `
      ALTER TABLE accounts ADD COLUMN reported_posts INTEGER;
      ALTER TABLE accounts ADD COLUMN reported_followers INTEGER;
      ALTER TABLE accounts ADD COLUMN reported_following INTEGER;
      ALTER TABLE accounts ADD COLUMN outbox_read_at TEXT;
    `,
  },
  {
    // An author edits a post's text within a while of posting: each text it replaced is kept here,
    // for the author only (GET /api/posts/:id/edits), and goes with the post when it is deleted.
    version: 11,
    sql: `
      CREATE TABLE post_edits (
        seq INTEGER PRIMARY KEY,
        post_id TEXT NOT NULL REFERENCES posts(id),
        text TEXT NOT NULL,
        replaced_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX post_edits_post ON post_edits(post_id, seq);
    `,
  },
  {
    // Blocks and mutes (issue 18): who blocked or muted whom (rows/relations.ts). The unique key
    // answers "did a block b" both ways; the second index lists an account's, newest first.
    version: 12,
    sql: `
      CREATE TABLE relations (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        target_id INTEGER NOT NULL REFERENCES accounts(id),
        kind TEXT NOT NULL CHECK (kind IN ('block', 'mute')),
        created_at TEXT NOT NULL,
        UNIQUE (account_id, target_id, kind)
      ) STRICT;
      CREATE INDEX relations_list ON relations(account_id, kind, id);
    `,
  },
  {
    // Who may reply to a post (issue 18): everyone, the people its author follows, or those it
    // mentions (shared/reply-policy.ts).
    version: 13,
    sql: `
      ALTER TABLE posts ADD COLUMN reply_policy TEXT NOT NULL DEFAULT 'everyone'
        CHECK (reply_policy IN ('everyone', 'following', 'mentioned'));
    `,
  },
  {
    // Reports to this server's admins (issue 18): who reported whom (and which post), why, and
    // what was reported as it was then (\`content\`, the API's JSON), kept whatever happens to it.
    // One open report per reporter and target (the unique index de-duplicates).
    version: 14,
    sql: `
      CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        reporter_id INTEGER NOT NULL REFERENCES accounts(id),
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        post_id TEXT,
        reason TEXT NOT NULL CHECK (reason IN ('spam', 'harassment', 'illegal', 'other')),
        comment TEXT NOT NULL,
        content TEXT NOT NULL,
        forward INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX reports_once ON reports(reporter_id, account_id, coalesce(post_id, ''))
        WHERE status = 'open';
      CREATE INDEX reports_queue ON reports(status, id);
    `,
  },
  {
    // Moderation (issue 18): the servers an admin blocked (with P92_BLOCKED_DOMAINS, read on every
    // check, so a block holds at once in every process) and the log of what admins did, who, why.
    version: 15,
    sql: `
      CREATE TABLE blocked_domains (
        domain TEXT PRIMARY KEY,
        created_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE admin_actions (
        id INTEGER PRIMARY KEY,
        admin_id INTEGER NOT NULL REFERENCES accounts(id),
        action TEXT NOT NULL CHECK (action IN
          ('dismiss', 'delete_post', 'suspend', 'unsuspend', 'block_domain', 'unblock_domain')),
        target TEXT NOT NULL,
        report_id INTEGER REFERENCES reports(id),
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    // Suspended accounts (issue 18): since when, and by whom: this server's admins, or the
    // account's own server (its actor says `suspended`), which alone may lift its own.
    version: 16,
    sql: `
      ALTER TABLE accounts ADD COLUMN suspended_at TEXT;
      ALTER TABLE accounts ADD COLUMN suspended_by TEXT CHECK (suspended_by IN ('admin', 'origin'));
      CREATE INDEX accounts_suspended ON accounts(handle) WHERE suspended_at IS NOT NULL;
    `,
  },
  {
    // Deleting one's own account (issue 18, rows/deletions.ts): the purges under way, each at its
    // stage, resumed after a restart; deleted accounts of this server, found to free their handles.
    version: 17,
    sql: `
      CREATE TABLE account_purges (
        account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
        change_seq INTEGER NOT NULL,
        stage TEXT NOT NULL CHECK (stage IN ('posts', 'likes', 'reposts', 'follows', 'rest'))
      ) STRICT;
      CREATE INDEX accounts_deleted_here ON accounts(deleted_at) WHERE actor_uri IS NULL AND deleted_at IS NOT NULL;
    `,
  },
  {
    // Importing a P92 archive (issue 18, rows/imports.ts): a post brought over keeps its address
    // on the server it came from, once per account, so importing the archive again finds it. An
    // imported reply or quote notifies no one: it is old news, heard of when it was written.
    // An open report holds the files of what it names (rows/reports.ts), kept for the admins
    // even if the post is deleted meanwhile.
    version: 18,
    sql: `
      ALTER TABLE posts ADD COLUMN imported_from TEXT;
      CREATE UNIQUE INDEX posts_imported ON posts(author_id, imported_from) WHERE imported_from IS NOT NULL;
      CREATE TABLE report_media (
        report_id INTEGER NOT NULL REFERENCES reports(id),
        media_id TEXT NOT NULL,
        PRIMARY KEY (report_id, media_id)
      ) STRICT;
      CREATE INDEX report_media_media ON report_media(media_id);
      DROP TRIGGER notify_reply_or_quote;
      CREATE TRIGGER notify_reply_or_quote AFTER INSERT ON posts WHEN NEW.imported_from IS NULL BEGIN
        INSERT INTO notifications (account_id, kind, actor_id, post_id, created_at)
        SELECT p.author_id, 'reply', NEW.author_id, NEW.id, NEW.created_at FROM posts p
        WHERE NEW.reply_to IS NOT NULL AND p.id = NEW.reply_to AND p.author_id != NEW.author_id;
        INSERT INTO notifications (account_id, kind, actor_id, post_id, created_at)
        SELECT p.author_id, 'quote', NEW.author_id, NEW.id, NEW.created_at FROM posts p
        WHERE NEW.quote_of IS NOT NULL AND p.id = NEW.quote_of AND p.author_id != NEW.author_id;
      END;
    `,
  },
];

/**
 * Posts stored before their text was bounded in size: those over 24,000 bytes (8,000 code units
 * of the widest UTF-8) or holding control characters lose the control characters, and when still
 * over the bound are cut to 2,000 characters, their links (found in the text) dropped.
 */
function cutOversizedPosts(db: DatabaseSync): void {
  const found = db
    .prepare(
      "SELECT id, text FROM posts WHERE length(CAST(text AS BLOB)) > 24000 OR instr(CAST(text AS BLOB), x'00') > 0",
    )
    .all() as { id: string; text: string }[];
  const update = db.prepare(
    "UPDATE posts SET text = ?, links = CASE WHEN ? THEN '[]' ELSE links END WHERE id = ?",
  );
  for (const { id, text } of found) {
    let kept = withoutControlCharacters(text);
    const cut = kept.length > POST_MAX_UTF16;
    if (cut) kept = Array.from(kept.slice(0, 4000)).slice(0, 2000).join("");
    update.run(kept, cut ? 1 : 0, id);
  }
}
