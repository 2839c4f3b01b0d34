import { saveShare, shareFromForm } from "../lib/share.ts";

/**
 * The share target's POST: what was shared is kept on the device and the home page opens, whose
 * composer takes it. A form that cannot be read still opens the home page, which says so.
 */
export async function receiveShare(request: Request, origin: string): Promise<Response> {
  let outcome = "ok";
  try {
    await saveShare(shareFromForm(await request.formData()));
  } catch {
    outcome = "failed";
  }
  return Response.redirect(new URL(`/?share=${outcome}`, origin).href, 303);
}
