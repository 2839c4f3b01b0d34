import { SHARE_FAILED_PATH } from "../../shared/site-paths.ts";
import { MAX_SHARE_BYTES, saveShare, shareFromForm } from "../lib/share.ts";

/**
 * The share target's POST: what was shared is kept on the device and the home page opens, whose
 * composer takes it. A form that cannot be read, or larger than a post can hold, still opens the
 * home page, which says so.
 */
export async function receiveShare(request: Request, origin: string): Promise<Response> {
  let outcome: "ok" | "failed" = "ok";
  // Bounded before it is read: more than a post can hold is refused whole.
  const declared = Number(request.headers.get("content-length") ?? 0);
  try {
    if (!(declared <= MAX_SHARE_BYTES)) throw new Error("too large");
    await saveShare(shareFromForm(await request.formData()));
  } catch {
    outcome = "failed";
  }
  return Response.redirect(new URL(outcome === "ok" ? "/?share=ok" : SHARE_FAILED_PATH, origin).href, 303);
}
