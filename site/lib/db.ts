import { DATABASE_NAME, P92Database } from "../../shared/db/schema.ts";

/**
 * The one database instance of the site. Every read and write goes through the named operations
 * of lib/ (posts.ts, follows.ts, outbox.ts, authors.ts, settings.ts, sync/apply.ts).
 */
export const db = new P92Database(DATABASE_NAME);
