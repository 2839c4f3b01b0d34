import { DATABASE_NAME, P92Database } from "../../shared/db/schema.ts";

/**
 * The one database instance of the site. Only the named operations and reads of lib/ (listed in
 * site/README.md) touch its tables; components call those.
 */
export const db = new P92Database(DATABASE_NAME);
