import { readImportedProfile as readStoredProfile } from "../../shared/db/profile.ts";
import type { ProfileRow } from "../../shared/db/schema.ts";
import { db } from "./db.ts";

/** The Instagram profile imported on this device (by the extension or an export); null if none. */
export async function readImportedProfile(): Promise<ProfileRow | null> {
  return (await readStoredProfile(db)) ?? null;
}
