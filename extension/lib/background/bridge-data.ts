/**
 * What the site bridge may read: the imported profile (avatar as base64, since runtime messages
 * carry JSON only) and pages of the follow lists. Nothing about the Instagram session.
 */
import { encodeAvatar, type EncodedAvatar } from "../avatar-encoding.ts";
import { readFollows } from "../../../shared/db/imported.ts";
import { readImportedProfile } from "../../../shared/db/profile.ts";
import type { P92Database } from "../../../shared/db/schema.ts";
import type { FollowList, ImportedFollow, ImportedProfile } from "../../../shared/schema/instagram.ts";

export interface BridgeProfile {
  profile: ImportedProfile | null;
  avatar: EncodedAvatar | null;
}

export async function readBridgeProfile(db: P92Database): Promise<BridgeProfile> {
  const row = await readImportedProfile(db);
  if (!row) return { profile: null, avatar: null };
  const { key: _key, avatar, ...profile } = row;
  return { profile, avatar: avatar ? await encodeAvatar(avatar) : null };
}

/** One page of a list, in handle order, starting after the handle `after` (null: the first). */
export async function readBridgeFollows(
  db: P92Database,
  list: FollowList,
  after: string | null,
  limit: number,
): Promise<{ rows: ImportedFollow[] }> {
  return { rows: await readFollows(db, list, after, limit) };
}
