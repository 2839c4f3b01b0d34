/**
 * Reads Instagram the way its own web app does: same-origin requests from a page on
 * https://www.instagram.com, with the session cookies and the app's headers. Failures become an
 * `InstagramError` with a code the importer acts on (wait, stop and explain, or skip).
 */
import type { ImportProblemCode } from "../../../shared/import-progress.ts";
import { t } from "../i18n.ts";

/** The web app's public app id (sent by instagram.com itself with every API call). */
export const INSTAGRAM_APP_ID = "936619743392459";
export const INSTAGRAM_ORIGIN = "https://www.instagram.com";

export type InstagramErrorCode = Extract<
  ImportProblemCode,
  "signed-out" | "checkpoint" | "rate-limited" | "network" | "unexpected"
>;

export class InstagramError extends Error {
  code: InstagramErrorCode;
  constructor(code: InstagramErrorCode, message: string) {
    super(message);
    this.name = "InstagramError";
    this.code = code;
  }
}

export interface InstagramSession {
  /** The signed-in account's numeric id, from the `ds_user_id` cookie. */
  userId: string;
  csrfToken: string;
}

/** The session from `document.cookie`, or null when nobody is signed in. */
export function readSession(cookieHeader: string): InstagramSession | null {
  const cookies = new Map<string, string>();
  for (const part of cookieHeader.split(";")) {
    const at = part.indexOf("=");
    if (at > 0) cookies.set(part.slice(0, at).trim(), decodeURIComponent(part.slice(at + 1).trim()));
  }
  const userId = cookies.get("ds_user_id") ?? "";
  if (!/^\d{1,30}$/.test(userId)) return null;
  return { userId, csrfToken: cookies.get("csrftoken") ?? "" };
}

export const signedOut = () => new InstagramError("signed-out", t("signedOut"));
const checkpoint = () => new InstagramError("checkpoint", t("checkpoint"));

const CHECKPOINT_REASONS = /checkpoint_required|challenge_required|feedback_required/;

/** Sorts an answer into data or a coded failure. Exported for the unit tests. */
export async function readAnswer(response: Response): Promise<unknown> {
  const url = response.url || "";
  if (/\/accounts\/login/.test(url)) throw signedOut();
  if (/\/challenge\//.test(url)) throw checkpoint();
  if (response.status === 429) {
    throw new InstagramError("rate-limited", t("slowDown"));
  }
  let body: unknown = null;
  const text = await response.text();
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  const message =
    typeof body === "object" && body !== null ? String((body as { message?: unknown }).message ?? "") : "";
  if (CHECKPOINT_REASONS.test(message) || CHECKPOINT_REASONS.test(text.slice(0, 2000))) {
    throw checkpoint();
  }
  if (response.status === 401 || response.status === 403 || /login_required/.test(message)) {
    throw signedOut();
  }
  if (response.status >= 500) throw new InstagramError("network", t("instagramStatus", response.status));
  if (!response.ok || body === null) {
    throw new InstagramError("unexpected", t("instagramUnreadable", response.status));
  }
  return body;
}

export interface InstagramClient {
  session: InstagramSession;
  getJson(pathAndQuery: string): Promise<unknown>;
}

export function createInstagramClient(options: {
  session: InstagramSession;
  fetch: typeof fetch;
}): InstagramClient {
  const { session } = options;
  return {
    session,
    async getJson(pathAndQuery) {
      let response: Response;
      try {
        response = await options.fetch(new URL(pathAndQuery, INSTAGRAM_ORIGIN).href, {
          credentials: "include",
          headers: {
            Accept: "application/json",
            "X-IG-App-ID": INSTAGRAM_APP_ID,
            "X-CSRFToken": session.csrfToken,
            "X-Requested-With": "XMLHttpRequest",
          },
        });
      } catch {
        throw new InstagramError("network", t("instagramUnreachable"));
      }
      return readAnswer(response);
    },
  };
}

export const profileInfoPath = (userId: string) => `/api/v1/users/${userId}/info/`;
export const webProfilePath = (handle: string) =>
  `/api/v1/users/web_profile_info/?username=${encodeURIComponent(handle)}`;
export const followPagePath = (
  userId: string,
  list: "followers" | "following",
  cursor: string | null,
  count: number,
) =>
  `/api/v1/friendships/${userId}/${list}/?count=${count}` +
  (cursor ? `&max_id=${encodeURIComponent(cursor)}` : "") +
  (list === "followers" ? "&search_surface=follow_list_page" : "");
