import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { P92Database } from "../../../shared/db/schema.ts";
import { useCatalog } from "./catalogs.ts";

// The extension speaks English here, as in an English browser.
useCatalog("en");

// The background's router with a fake browser (storage, windows, runtime), two allowed P92 sites
// on two ports of one host, and the coordinator's startImport replaced by a spy.
vi.mock("wxt/browser", () => ({ browser: fakeBrowser }));
vi.mock("../../../extension/lib/site-origins.ts", () => ({
  allowedSiteOrigins: async () => ["http://localhost:4321", "http://localhost:4322"],
  syncBridgeRegistrations: async () => undefined,
}));
const startImport = vi.hoisted(() => vi.fn(async () => ({ status: "running" })));
vi.mock("../../../extension/lib/background/coordinator.ts", () => ({
  startImport,
  cancelImport: vi.fn(),
  importFinished: vi.fn(),
  importWaiting: vi.fn(),
  isImportTab: vi.fn(async () => false),
}));

const { route } = await import("../../../extension/lib/background/router.ts");
const { askAgainAfterMs, consentWindowClosed, CONSENT_REQUESTS_KEY } =
  await import("../../../extension/lib/background/consent-prompt.ts");
const { grantImportConsent, readImportConsents } = await import("../../../extension/lib/import-consent.ts");

const EXTENSION_ORIGIN = `chrome-extension://${fakeBrowser.runtime.id}`;
const db = {} as P92Database;
const site = (origin: string, tabId = 7) => ({
  id: fakeBrowser.runtime.id,
  url: `${origin}/onboarding`,
  tab: { id: tabId } as never,
  frameId: 0,
});
const consentWindow = { id: fakeBrowser.runtime.id, url: `${EXTENSION_ORIGIN}/consent.html?request=x` };
const start = (sender: object) => route(db, { type: "import/start" }, sender);
let told: { tabId: number; message: unknown }[];

beforeEach(() => {
  fakeBrowser.reset();
  // The background's own origin, computed the way the router computes a sender's (Node's URL says
  // "null" for chrome-extension: where browsers say chrome-extension://<id>).
  vi.stubGlobal("location", { origin: new URL(EXTENSION_ORIGIN).origin });
  startImport.mockClear();
  told = [];
  vi.spyOn(fakeBrowser.tabs, "sendMessage").mockImplementation((async (tabId: number, message: unknown) => {
    told.push({ tabId, message });
    return { ok: true, value: null };
  }) as never);
});

async function waitingRequests(): Promise<{ id: string; origin: string; windowId: number }[]> {
  const stored = (await fakeBrowser.storage.session.get(CONSENT_REQUESTS_KEY))[CONSENT_REQUESTS_KEY];
  return (stored as { id: string; origin: string; windowId: number }[] | undefined) ?? [];
}

describe("the bridge asking whether its page may be answered", () => {
  it("is told yes for an allowed site's exact origin only: not another port, scheme or extension", async () => {
    const allowed = (sender: object) => route(db, { type: "bridge/allowed" }, sender);
    expect(await allowed(site("http://localhost:4322"))).toEqual({ ok: true, value: true });
    expect(await allowed(site("http://localhost:4323"))).toEqual({ ok: true, value: false });
    expect(await allowed(site("https://localhost:4321"))).toEqual({ ok: true, value: false });
    expect(await allowed({ ...site("http://localhost:4321"), id: "another-extension" })).toEqual({
      ok: true,
      value: false,
    });
  });
});

describe("a P92 site starting an import", () => {
  it("starts nothing without the person's consent: it opens the extension's confirmation window", async () => {
    const answer = await start(site("http://localhost:4321"));
    expect(answer).toEqual({ ok: true, value: { started: false, consentId: expect.any(String) } });
    expect(startImport).not.toHaveBeenCalled();
    const [request] = await waitingRequests();
    expect(request).toMatchObject({ origin: "http://localhost:4321" });
    const window = await fakeBrowser.windows.get(request!.windowId);
    expect(window).toMatchObject({ type: "popup" });
  });

  it("starts at once from an origin the person allowed", async () => {
    await grantImportConsent("http://localhost:4321");
    expect(await start(site("http://localhost:4321"))).toEqual({ ok: true, value: { started: true } });
    expect(startImport).toHaveBeenCalledWith(db, null);
    expect(await waitingRequests()).toEqual([]);
  });

  it("keys the consent on the exact origin: another port of the same host must ask", async () => {
    await grantImportConsent("http://localhost:4321");
    const answer = await start(site("http://localhost:4322"));
    expect(answer).toMatchObject({ ok: true, value: { started: false } });
    expect(startImport).not.toHaveBeenCalled();
  });

  it("refuses a site that is not allowed, even with a consent stored for it", async () => {
    await grantImportConsent("https://evil.example");
    expect(await start(site("https://evil.example"))).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(startImport).not.toHaveBeenCalled();
  });

  it("starts the import when the person clicks Allow in the window, remembers the origin and tells the page", async () => {
    const first = await start(site("http://localhost:4321", 7));
    const second = await start(site("http://localhost:4321", 9));
    const id = (first as { value: { consentId: string } }).value.consentId;
    expect(second).toMatchObject({ value: { started: false, consentId: id } });
    expect(await waitingRequests()).toHaveLength(1);

    // The site's page cannot answer for the person.
    expect(
      await route(db, { type: "consent/answer", id, allow: true }, site("http://localhost:4321")),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(startImport).not.toHaveBeenCalled();

    expect(await route(db, { type: "consent/get", id }, consentWindow)).toEqual({
      ok: true,
      value: { origin: "http://localhost:4321" },
    });
    const { windowId } = (await waitingRequests())[0]!;
    expect(await route(db, { type: "consent/answer", id, allow: true }, consentWindow)).toEqual({
      ok: true,
      value: null,
    });
    expect(startImport).toHaveBeenCalledTimes(1);
    expect(await readImportConsents()).toEqual(["http://localhost:4321"]);
    expect(await fakeBrowser.windows.get(windowId)).toBeUndefined();
    expect(told.map((t) => t.tabId)).toEqual([7, 9]);
    expect(told[0]!.message).toMatchObject({ type: "consent/decided", id, outcome: "allowed" });
    // Answered once only.
    expect(await route(db, { type: "consent/answer", id, allow: true }, consentWindow)).toMatchObject({
      ok: false,
      error: { code: "unknown-request" },
    });
  });

  it("Cancel, or closing the window, starts nothing, remembers nothing and tells the page it was declined", async () => {
    const first = await start(site("http://localhost:4321"));
    const id = (first as { value: { consentId: string } }).value.consentId;
    expect(await route(db, { type: "consent/answer", id, allow: false }, consentWindow)).toMatchObject({
      ok: true,
    });
    expect(told[0]!.message).toMatchObject({ type: "consent/decided", id, outcome: "declined" });

    const again = await start(site("http://localhost:4321"));
    const { windowId } = (await waitingRequests())[0]!;
    await consentWindowClosed(windowId);
    expect(told[1]!.message).toMatchObject({
      id: (again as { value: { consentId: string } }).value.consentId,
      outcome: "declined",
    });
    expect(startImport).not.toHaveBeenCalled();
    expect(await readImportConsents()).toEqual([]);
    expect(await waitingRequests()).toEqual([]);
  });

  it("a site declined twice within minutes cannot reopen the window for a while", async () => {
    for (let i = 0; i < 2; i++) {
      const asked = await start(site("http://localhost:4321"));
      const id = (asked as { value: { consentId: string } }).value.consentId;
      await route(db, { type: "consent/answer", id, allow: false }, consentWindow);
    }
    const windows = vi.spyOn(fakeBrowser.windows, "create");
    expect(await start(site("http://localhost:4321"))).toMatchObject({
      ok: false,
      error: { code: "declined" },
    });
    expect(windows).not.toHaveBeenCalled();
    // Another origin is asked as usual.
    expect(await start(site("http://localhost:4322"))).toMatchObject({ ok: true, value: { started: false } });
    expect(askAgainAfterMs([1])).toBe(0);
    expect(askAgainAfterMs([1, 2])).toBe(60_000);
    expect(askAgainAfterMs([1, 2, 3, 4, 5, 6])).toBe(600_000);
  });
});
