/**
 * Who is signed in on instagram.com in this browser, as the Instagram content script last saw it:
 * the account an import would carry over. Written by that script on every Instagram page (cleared
 * when it finds no session), read by the popup. Instagram's numeric id and the handle only.
 */
import * as v from "valibot";
import { browser } from "wxt/browser";
import { InstagramHandle } from "../../shared/schema/common.ts";

export const INSTAGRAM_SELF_KEY = "instagramSelf";

const InstagramSelf = v.object({ userId: v.pipe(v.string(), v.maxLength(30)), handle: InstagramHandle });
export type InstagramSelf = v.InferOutput<typeof InstagramSelf>;

export async function readInstagramSelf(): Promise<InstagramSelf | null> {
  const parsed = v.safeParse(
    InstagramSelf,
    (await browser.storage.local.get(INSTAGRAM_SELF_KEY))[INSTAGRAM_SELF_KEY],
  );
  return parsed.success ? parsed.output : null;
}

export async function saveInstagramSelf(self: InstagramSelf | null): Promise<void> {
  if (self) await browser.storage.local.set({ [INSTAGRAM_SELF_KEY]: self });
  else await browser.storage.local.remove(INSTAGRAM_SELF_KEY);
}
