/**
 * A P92 site may ask to start an import, but only a person's click in the extension starts it.
 * The first time a site's page asks (bridge `start-import`), the background opens the extension's
 * own confirmation window (entrypoints/consent) naming the site's exact origin. "Allow and import"
 * remembers that origin (lib/import-consent.ts) and starts the import; Cancel or closing the window
 * starts nothing. Either way the bridge content script of each tab that asked is told
 * (`consent/decided`), and answers its page `import-started` or `error` with code `declined`.
 *
 * The requests waiting for an answer live in `storage.session` (only extension pages and the
 * background read it), since the service worker may stop while the person reads the window.
 */
import * as v from "valibot";
import { browser } from "wxt/browser";
import type { P92Database } from "../../../shared/db/schema.ts";
import { t } from "../i18n.ts";
import { grantImportConsent, hasImportConsent } from "../import-consent.ts";
import { sendToBridgeTab, type BridgeTabMessage } from "../messages.ts";
import { startImport } from "./coordinator.ts";

export const CONSENT_REQUESTS_KEY = "consentRequests";
/** When each origin was declined lately, so a page cannot reopen the window over and over. */
export const CONSENT_DECLINES_KEY = "consentDeclines";
const DECLINES_KEPT_MS = 10 * 60_000;

/**
 * After a second decline within ten minutes the site is not asked again for a minute, then two,
 * four... (at most ten): one Cancel by mistake can be taken back at once, a nagging page cannot.
 */
export function askAgainAfterMs(declinedAt: number[]): number {
  if (declinedAt.length < 2) return 0;
  return Math.min(DECLINES_KEPT_MS, 60_000 * 2 ** (declinedAt.length - 2));
}
export const CONSENT_PAGE = "/consent.html";

const Waiter = v.object({ tabId: v.number(), frameId: v.number() });
/** A tab's frame whose bridge content script waits for the answer. */
export type Waiter = v.InferOutput<typeof Waiter>;

const ConsentRequest = v.object({
  id: v.string(),
  origin: v.string(),
  windowId: v.nullable(v.number()),
  waiters: v.array(Waiter),
});
type ConsentRequest = v.InferOutput<typeof ConsentRequest>;

/** What a site's `import/start` gets: the import started, or the person is being asked. */
export type SiteStart = { started: true } | { started: false; consentId: string };

/** The person declined this site again and again lately: it is not asked again yet. */
export class RecentlyDeclined extends Error {
  constructor() {
    super(t("recentlyDeclined"));
    this.name = "RecentlyDeclined";
  }
}

/** The recent declines of each origin (times in ms), older ones forgotten. */
async function declines(): Promise<Record<string, number[]>> {
  const stored = (await browser.storage.session.get(CONSENT_DECLINES_KEY))[CONSENT_DECLINES_KEY];
  const parsed = v.safeParse(v.record(v.string(), v.array(v.number())), stored);
  const now = Date.now();
  const recent = Object.entries(parsed.success ? parsed.output : {}).map(
    ([origin, times]) => [origin, times.filter((at) => now - at < DECLINES_KEPT_MS)] as const,
  );
  return Object.fromEntries(recent.filter(([, times]) => times.length > 0));
}

async function noteDecline(origin: string): Promise<void> {
  const all = await declines();
  all[origin] = [...(all[origin] ?? []), Date.now()];
  await browser.storage.session.set({ [CONSENT_DECLINES_KEY]: all });
}

// Reads and writes of the waiting requests run one at a time (two tabs may ask at once).
let queue: Promise<unknown> = Promise.resolve();
function serialized<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

async function loadRequests(): Promise<ConsentRequest[]> {
  const stored = (await browser.storage.session.get(CONSENT_REQUESTS_KEY))[CONSENT_REQUESTS_KEY];
  const parsed = v.safeParse(v.array(ConsentRequest), stored);
  return parsed.success ? parsed.output : [];
}

async function saveRequests(requests: ConsentRequest[]): Promise<void> {
  await browser.storage.session.set({ [CONSENT_REQUESTS_KEY]: requests });
}

/** Removes and answers the request matching `pick`, or null when none waits. */
function takeRequest(pick: (r: ConsentRequest) => boolean): Promise<ConsentRequest | null> {
  return serialized(async () => {
    const requests = await loadRequests();
    const found = requests.find(pick) ?? null;
    if (found) await saveRequests(requests.filter((r) => r !== found));
    return found;
  });
}

const windowExists = (windowId: number | null) =>
  windowId === null
    ? Promise.resolve(false)
    : browser.windows.get(windowId).then(
        (w) => w !== undefined,
        () => false,
      );

/**
 * A page on the allowed site `origin` asks to start an import: started at once when the person
 * allowed this exact origin before, else the confirmation window opens (or, when it is already
 * open for this origin, comes to the front) and the answer comes later to `waiter`.
 */
export async function startFromSite(db: P92Database, origin: string, waiter: Waiter): Promise<SiteStart> {
  if (await hasImportConsent(origin)) {
    await startImport(db, null);
    return { started: true };
  }
  const declinedAt = (await declines())[origin] ?? [];
  if (declinedAt.length > 0 && Date.now() - declinedAt.at(-1)! < askAgainAfterMs(declinedAt)) {
    throw new RecentlyDeclined();
  }
  const consentId = await serialized(async () => {
    const requests = await loadRequests();
    const open = requests.find((r) => r.origin === origin);
    if (open && (await windowExists(open.windowId))) {
      open.waiters.push(waiter);
      await saveRequests(requests);
      await browser.windows.update(open.windowId!, { focused: true }).catch(() => undefined);
      return open.id;
    }
    const request: ConsentRequest = { id: crypto.randomUUID(), origin, windowId: null, waiters: [waiter] };
    // Saved before the window opens, so the window finds it as soon as it loads.
    await saveRequests([...requests.filter((r) => r !== open), request]);
    const created = await browser.windows.create({
      // A path: the browser resolves it within the extension.
      url: `${CONSENT_PAGE}?request=${request.id}`,
      type: "popup",
      width: 480,
      height: 420,
    });
    request.windowId = created?.id ?? null;
    await saveRequests([...requests.filter((r) => r !== open), request]);
    return request.id;
  });
  return { started: false, consentId };
}

/** The site a waiting request is for, for the confirmation window to show; null when none waits. */
export async function consentRequestOrigin(id: string): Promise<string | null> {
  return serialized(async () => (await loadRequests()).find((r) => r.id === id)?.origin ?? null);
}

async function tell(request: ConsentRequest, decision: Omit<BridgeTabMessage, "type" | "id">) {
  await Promise.all(
    request.waiters.map(({ tabId, frameId }) =>
      sendToBridgeTab(tabId, frameId, { type: "consent/decided", id: request.id, ...decision }).catch(
        () => undefined, // that page is gone
      ),
    ),
  );
}

/**
 * The person answered in the confirmation window (the caller checked it is the extension's own
 * page). Allow remembers the origin and starts the import. False when the request no longer waits.
 */
export async function answerConsent(db: P92Database, id: string, allow: boolean): Promise<boolean> {
  const request = await takeRequest((r) => r.id === id);
  if (!request) return false;
  if (allow) await grantImportConsent(request.origin);
  // Closed first, so a background Instagram tab the import may open lands in a normal window.
  if (request.windowId !== null) await browser.windows.remove(request.windowId).catch(() => undefined);
  if (!allow) {
    await noteDecline(request.origin);
    await tell(request, { outcome: "declined", message: t("declined") });
    return true;
  }
  try {
    await startImport(db, null);
    await tell(request, { outcome: "allowed", message: "" });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await tell(request, { outcome: "failed", message: message.slice(0, 500) });
  }
  return true;
}

/** A window closed: if it was a confirmation window still waiting, the answer is no. */
export async function consentWindowClosed(windowId: number): Promise<void> {
  const request = await takeRequest((r) => r.windowId === windowId);
  if (!request) return;
  await noteDecline(request.origin);
  await tell(request, { outcome: "declined", message: t("declined") });
}
