import { unzipSync } from "fflate";
import type { FollowList, ImportedFollow, ImportedProfile } from "../../shared/schema/instagram.ts";
import { readHandle } from "../../shared/input-rules.ts";
import { ImportedProfile as ImportedProfileSchema } from "../../shared/schema/instagram.ts";
import { ProfileLink } from "../../shared/schema/social.ts";
import { validate } from "../../shared/validate.ts";

/**
 * Reads Instagram's "Download your information" export (JSON format), as a ZIP or as the loose
 * JSON files, entirely in the browser. Shapes: docs/instagram.md.
 */
export interface ExportContents {
  profile: ImportedProfile;
  avatar: Blob | null;
  follows: Record<FollowList, ImportedFollow[]>;
  skipped: number;
}

export class ExportError extends Error {}

/**
 * Instagram writes text as UTF-8 bytes escaped one by one (`\u00c3\u00a9` for "é"), so the parsed
 * string holds one character per byte. Re-reads those as bytes and decodes them as UTF-8; text
 * that is not such mojibake is returned as it was.
 */
export function repairMojibake(text: string): string {
  if (!/[\u0080-\u00ff]/.test(text) || [...text].some((c) => c.charCodeAt(0) > 0xff)) return text;
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return text;
  }
}

type Files = Map<string, Uint8Array>;

/** The export's files by path; loose JSON files are matched by their names. */
export async function readExportFiles(picked: File[]): Promise<Files> {
  const files: Files = new Map();
  for (const file of picked) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (file.name.toLowerCase().endsWith(".zip") || (bytes[0] === 0x50 && bytes[1] === 0x4b)) {
      let entries: Record<string, Uint8Array>;
      try {
        entries = unzipSync(bytes, {
          filter: (entry) =>
            entry.name.endsWith(".json")
              ? /followers|following|personal_information/.test(entry.name)
              : /profile|\.(jpe?g|png|webp)$/i.test(entry.name),
        });
      } catch (error) {
        throw new ExportError(`${file.name} is not a readable ZIP file (${(error as Error).message})`);
      }
      for (const [name, data] of Object.entries(entries)) files.set(name, data);
    } else {
      files.set(file.webkitRelativePath || file.name, bytes);
    }
  }
  return files;
}

function json(files: Files, path: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(files.get(path)));
  } catch {
    throw new ExportError(`${path} is not valid JSON`);
  }
}

const base = (path: string) => path.split("/").pop() ?? path;

interface ExportItem {
  title?: string;
  string_list_data?: { href?: string; value?: string; timestamp?: number }[];
}

/** The handle of one list item: `value`, else `title`, else the last segment of `href`. */
export function handleOf(item: ExportItem): string | null {
  const data = item.string_list_data?.[0];
  if (data?.value) return data.value;
  if (item.title) return item.title;
  if (data?.href) {
    const segments = new URL(data.href).pathname.split("/").filter((s) => s && s !== "_u");
    return segments.pop() ?? null;
  }
  return null;
}

function listItems(files: Files, list: FollowList): ExportItem[] {
  const items: ExportItem[] = [];
  for (const path of [...files.keys()].sort()) {
    const name = base(path);
    if (list === "followers" && /^followers(_\d+)?\.json$/.test(name)) {
      const data = json(files, path);
      if (Array.isArray(data)) items.push(...(data as ExportItem[]));
    }
    if (list === "following" && /^following(_\d+)?\.json$/.test(name)) {
      const data = json(files, path) as { relationships_following?: ExportItem[] } | ExportItem[];
      items.push(...(Array.isArray(data) ? data : (data.relationships_following ?? [])));
    }
  }
  return items;
}

const NO_DETAILS = { instagramId: null, fullName: "", avatarUrl: null, isVerified: false } as const;

export function parseExport(files: Files, now: string = new Date().toISOString()): ExportContents {
  let skipped = 0;
  const follows: Record<FollowList, ImportedFollow[]> = { followers: [], following: [] };
  for (const list of ["followers", "following"] as const) {
    const seen = new Set<string>();
    for (const item of listItems(files, list)) {
      const handle = readHandle(repairMojibake(handleOf(item) ?? ""));
      if (handle === null || seen.has(handle)) {
        skipped++;
        continue;
      }
      seen.add(handle);
      // The export names the account and nothing else about it.
      follows[list].push({ ...NO_DETAILS, list, handle, importedAt: now });
    }
  }

  const personalPath = [...files.keys()].find((p) => base(p) === "personal_information.json");
  if (!personalPath) throw new ExportError("personal_information.json was not found in the export");
  const personal = json(files, personalPath) as {
    profile_user?: {
      string_map_data?: Record<string, { value?: string }>;
      media_map_data?: Record<string, { uri?: string }>;
    }[];
  };
  const user = personal.profile_user?.[0];
  const field = (name: string) => repairMojibake(user?.string_map_data?.[name]?.value ?? "");
  const website = field("Website");
  const link = validate(ProfileLink, { title: "", url: website });
  const result = validate(ImportedProfileSchema, {
    instagramId: null,
    handle: field("Username"),
    fullName: field("Name"),
    bio: field("Bio"),
    bioLinks: website && link.ok ? [link.value] : [],
    avatarUrl: null,
    isVerified: false,
    isPrivate: false,
    followerCount: follows.followers.length,
    followingCount: follows.following.length,
    importedAt: now,
  });
  if (!result.ok) throw new ExportError(`the profile in the export is not usable: ${result.message}`);

  const photo = user?.media_map_data?.["Profile photo"] ?? user?.media_map_data?.["Profile Photo"];
  const photoPath = photo?.uri ? [...files.keys()].find((p) => p.endsWith(photo.uri!)) : undefined;
  const photoBytes = photoPath ? files.get(photoPath) : undefined;
  const avatar = photoBytes
    ? new Blob([photoBytes as Uint8Array<ArrayBuffer>], { type: imageType(photoPath!) })
    : null;
  return { profile: result.value, avatar, follows, skipped };
}

function imageType(path: string): string {
  if (/\.png$/i.test(path)) return "image/png";
  if (/\.webp$/i.test(path)) return "image/webp";
  return "image/jpeg";
}
