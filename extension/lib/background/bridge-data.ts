/**
 * What the site bridge may read: the imported profile (avatar as base64, since runtime messages
 * carry JSON only) and pages of the follow lists. Nothing about the Instagram session.
 */
import { encodeAvatar, type EncodedAvatar } from "../avatar-encoding.ts";
import { countFollows, readFollows } from "../../../shared/db/imported.ts";
import type { P92Database } from "../../../shared/db/schema.ts";
import type { FollowList, ImportedFollow, ImportedProfile } from "../../../shared/schema/instagram.ts";

export interface BridgeProfile {
  profile: ImportedProfile | null;
  avatar: EncodedAvatar | null;
}

export async function readBridgeProfile(db: P92Database): Promise<BridgeProfile> {
  const row = await db.profile.get("self");
  if (!row) return { profile: null, avatar: null };
  const { key: _key, avatar, ...profile } = row;
  return { profile, avatar: avatar ? await encodeAvatar(avatar) : null };
}

export async function readBridgeFollows(
  db: P92Database,
  list: FollowList,
  offset: number,
  limit: number,
): Promise<{ rows: ImportedFollow[]; total: number }> {
  const [rows, total] = await Promise.all([readFollows(db, list, offset, limit), countFollows(db, list)]);
  return { rows, total };
}
