/**
 * Who is signed in on this instagram.com tab, by handle, so the "Import to P92" button shows only
 * on the person's own profile. The handle is looked up once per account and remembered.
 */
import { browser } from "wxt/browser";
import { readHandle } from "../../../shared/schema/common.ts";
import { createInstagramClient, profileInfoPath, readSession } from "../instagram/client.ts";

const OWN_HANDLE_KEY = "instagramSelf";

export async function ownHandle(fetcher: typeof fetch): Promise<string | null> {
  const session = readSession(document.cookie);
  if (!session) return null;
  const saved = (await browser.storage.local.get(OWN_HANDLE_KEY))[OWN_HANDLE_KEY] as
    { userId?: unknown; handle?: unknown } | undefined;
  if (saved?.userId === session.userId && typeof saved.handle === "string") return saved.handle;
  try {
    const body = (await createInstagramClient({ session, fetch: fetcher }).getJson(
      profileInfoPath(session.userId),
    )) as {
      user?: { username?: unknown };
    };
    const handle = readHandle(body.user?.username);
    if (handle === null) return null;
    await browser.storage.local.set({ [OWN_HANDLE_KEY]: { userId: session.userId, handle } });
    return handle;
  } catch {
    return null;
  }
}

/** True on `/<handle>/` (and its tabs such as `/<handle>/tagged/`), whatever the case. */
export function isProfilePathOf(pathname: string, handle: string): boolean {
  const first = pathname.split("/").filter(Boolean)[0];
  return first !== undefined && first.toLowerCase() === handle.toLowerCase();
}
