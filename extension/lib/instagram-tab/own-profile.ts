/**
 * Who is signed in on this instagram.com tab, by handle, so the "Import to P92" button shows only
 * on the person's own profile. The handle is looked up once per account and remembered.
 */
import { readHandle } from "../../../shared/schema/common.ts";
import { readInstagramSelf, saveInstagramSelf } from "../instagram-self.ts";
import { createInstagramClient, profileInfoPath, readSession } from "../instagram/client.ts";

/** Who is signed in on this tab; remembered for the popup too, forgotten when no one is. */
export async function ownHandle(fetcher: typeof fetch): Promise<string | null> {
  const session = readSession(document.cookie);
  if (!session) {
    await saveInstagramSelf(null);
    return null;
  }
  const saved = await readInstagramSelf();
  if (saved?.userId === session.userId) return saved.handle;
  try {
    const body = (await createInstagramClient({ session, fetch: fetcher }).getJson(
      profileInfoPath(session.userId),
    )) as {
      user?: { username?: unknown };
    };
    const handle = readHandle(body.user?.username);
    if (handle === null) return null;
    await saveInstagramSelf({ userId: session.userId, handle });
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
