/**
 * What both browsers' extension tests share, free of any driver: the shortened import waits, and
 * functions run inside a browser page (Chromium's service worker, an extension page in Firefox,
 * or a P92 site page) that read the `p92` database, whose schema the extension and the site share.
 */

/**
 * Waits short enough for a test; stored under the extension's explicit test key, which the
 * shipped extension never sets (a unit test checks the shipped defaults).
 */
export const TEST_PACING = {
  pageDelayMinMs: 20,
  pageDelayMaxMs: 40,
  longPauseEvery: 4,
  longPauseMinMs: 60,
  longPauseMaxMs: 80,
  backoffStartMs: 2500,
  backoffMaxMs: 5000,
};

export interface StoredImport {
  profile: Record<string, unknown> & { avatarType: string | null; avatarSize: number };
  following: Record<string, unknown>[];
  followers: Record<string, unknown>[];
  importState: Record<string, unknown>[];
}

/** Runs in the browser: the profile (avatar as type and size), both lists and the import cursors. */
export async function readStoredImport(): Promise<StoredImport> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open("p92");
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const all = (store: string) =>
    new Promise<Record<string, unknown>[]>((resolve, reject) => {
      const request = db.transaction(store).objectStore(store).getAll();
      request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
      request.onerror = () => reject(request.error);
    });
  const [profiles, follows, importState] = await Promise.all([
    all("profile"),
    all("follows"),
    all("importState"),
  ]);
  db.close();
  const self = profiles[0] ?? {};
  const avatar = self.avatar instanceof Blob ? self.avatar : null;
  return {
    profile: {
      ...self,
      avatar: undefined,
      avatarType: avatar?.type ?? null,
      avatarSize: avatar?.size ?? 0,
    },
    following: follows.filter((f) => f.list === "following"),
    followers: follows.filter((f) => f.list === "followers"),
    importState,
  };
}

/**
 * Runs in a page: posts one bridge request the way the site does and collects the extension's
 * answers to it for `waitMs` (an avatar Blob as its type and size): what a page on this origin
 * gets from the extension. Progress and answers to the page's own requests are left out, unless
 * `everything`: then every message the extension posted to the page is there, for the checks that
 * a page gets nothing at all.
 */
export async function bridgeAnswers(request: {
  type: string;
  waitMs: number;
  everything?: boolean;
}): Promise<Record<string, unknown>[]> {
  const answers: Record<string, unknown>[] = [];
  window.addEventListener("message", (event) => {
    const data = event.data as Record<string, unknown>;
    if (event.source === window && data?.ns === "p92-bridge" && data.to === "page") {
      const { avatar, ...rest } = data;
      answers.push(
        avatar instanceof Blob ? { ...rest, avatarType: avatar.type, avatarSize: avatar.size } : rest,
      );
    }
  });
  window.postMessage(
    { ns: "p92-bridge", v: 1, to: "extension", type: request.type, requestId: "r-1" },
    location.origin,
  );
  await new Promise((r) => setTimeout(r, request.waitMs));
  return request.everything ? answers : answers.filter((a) => a.requestId === "r-1");
}
