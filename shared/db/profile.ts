import type { P92Database, ProfileRow } from "./schema.ts";

/**
 * The one imported profile on this device (with its avatar), if any. Apart from the import's
 * operations (imported.ts), so that a page which only shows it (the feed) does not load them.
 */
export function readImportedProfile(db: P92Database): Promise<ProfileRow | undefined> {
  return db.profile.get("self");
}
