import { ApiFailure } from "../../shared/api-failure.ts";
import type { Locale } from "../i18n/index.ts";
import { callApi } from "./api.ts";
import type { Session } from "./settings.ts";

/**
 * Starts the download of the person's archive (one ZIP, shared/archive.ts): asks the server for
 * an address good once for a few minutes (POST /api/me/archive), then opens it as a plain link,
 * so the browser saves the ZIP to disk as it comes, with its own progress, however large it is.
 * Its README and its page of posts are in the language the site shows, its dates in the person's
 * time zone. Fails with an ApiFailure (status 0: the server could not be reached).
 */
export async function downloadArchive(me: Session, language: Locale): Promise<void> {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const { path } = await callApi<{ path: string; expiresAt: string }>(me.serverUrl, "/api/me/archive", {
    token: me.token,
    body: { language, timeZone },
  });
  // Only a download address of the person's own server is opened.
  if (typeof path !== "string" || !/^\/api\/archives\/[\w-]+$/.test(path))
    throw new ApiFailure(502, "bad_answer", "the server did not answer a download address");
  const address = new URL(path, me.serverUrl);
  const link = document.createElement("a");
  link.href = address.href;
  link.download = "";
  document.body.append(link);
  link.click();
  link.remove();
}
