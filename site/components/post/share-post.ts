import type { PostRow } from "../../../shared/db/schema.ts";
import { threadPath } from "../../../shared/site-paths.ts";
import { t } from "../../i18n/index.ts";
import { showToast } from "../../lib/toast.ts";
import { safeWebUrl } from "../../lib/urls.ts";

/** The system's share sheet where there is one, else the link copied. */
export async function sharePost(post: PostRow): Promise<void> {
  const url =
    (post.remote && safeWebUrl(post.remoteUrl)) || new URL(threadPath(post.id), location.origin).href;
  if (typeof navigator.share === "function") {
    try {
      await navigator.share({ url });
      return;
    } catch (error) {
      // Closing the sheet is not a failure; a browser refusing it falls back to copying.
      if ((error as Error).name === "AbortError") return;
    }
  }
  try {
    await navigator.clipboard.writeText(url);
    showToast(t("post.linkCopied"));
  } catch {
    showToast(t("post.linkNotCopied", { url }), { error: true });
  }
}
