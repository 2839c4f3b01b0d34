import type { Table } from "dexie";
import { DATABASE_NAME, P92Database } from "../../shared/db/schema.ts";

/** Who follows whom on P92 (from sync), stored in the `siteFollows` table (schema version 3). */
export interface SiteFollowRow {
  follower: string;
  followee: string;
}

/** The one database instance of the site. UI code reads it; writes go through lib/ operations. */
export const db = new P92Database(DATABASE_NAME);
export const siteFollows = db.table("siteFollows") as Table<SiteFollowRow, [string, string]>;
