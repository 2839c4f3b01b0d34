/**
 * The server's own read of a public Instagram profile, used to check a proof code. Instagram
 * renames fields without notice (docs/instagram.md), so both the `web_profile_info` shape
 * (`{ data: { user } }`) and the newer `{ user }` shape are read, and the bio from `biography` or
 * `biography_with_entities.raw_text`.
 */
export const INSTAGRAM_APP_ID = "936619743392459";
const TIMEOUT_MS = 10_000;

export type ProfileFetch =
  | { kind: "found"; username: string; biography: string; verified: boolean }
  | { kind: "not_found" }
  | { kind: "rate_limited"; retryAfter: number | null }
  | { kind: "unreachable"; detail: string };

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === "object" && x !== null && !Array.isArray(x);

/** The `user` of either answer shape, or null when there is none. */
export function parseProfile(
  body: unknown,
): { username: string; biography: string; verified: boolean } | null {
  if (!isObject(body)) return null;
  const user = isObject(body.data) ? body.data.user : body.user;
  if (!isObject(user) || typeof user.username !== "string") return null;
  const entities = user.biography_with_entities;
  const raw = isObject(entities) ? entities.raw_text : undefined;
  const bios = [user.biography, raw].filter((b): b is string => typeof b === "string");
  return { username: user.username, biography: bios.join("\n"), verified: user.is_verified === true };
}

export async function fetchProfile(
  origin: string,
  handle: string,
  fetchImpl: typeof fetch = fetch,
): Promise<ProfileFetch> {
  const url = `${origin}/api/v1/users/web_profile_info/?username=${encodeURIComponent(handle)}`;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: { "X-IG-App-ID": INSTAGRAM_APP_ID, Accept: "application/json" },
      // A redirect (usually to the login page) is not a profile.
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    return { kind: "unreachable", detail: error instanceof Error ? error.message : String(error) };
  }
  if (response.status === 429) {
    const seconds = Number(response.headers.get("retry-after"));
    await response.body?.cancel();
    return { kind: "rate_limited", retryAfter: Number.isFinite(seconds) && seconds > 0 ? seconds : null };
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return { kind: "not_found" };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { kind: "unreachable", detail: `Instagram answered ${response.status}` };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { kind: "unreachable", detail: "Instagram's answer was not JSON" };
  }
  const profile = parseProfile(body);
  // `{ data: { user: null } }` is how Instagram sometimes says "no such user".
  return profile ? { kind: "found", ...profile } : { kind: "not_found" };
}
