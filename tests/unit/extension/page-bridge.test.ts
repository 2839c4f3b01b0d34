import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { pageMessage, type ExtensionMessage } from "../../../shared/bridge.ts";
import { useCatalog } from "./catalogs.ts";

useCatalog("en");
vi.mock("wxt/browser", () => ({ browser: fakeBrowser }));
const { ALLOWED_RETRY_MS, startPageBridge } = await import("../../../extension/lib/bridge/page-bridge.ts");

/** A page at `origin` running the bridge content script; the background answers `bridge/allowed`. */
function pageWithBridge(origin: string, allowed: boolean, unreachableTimes = 0) {
  const listeners = new Set<(event: MessageEvent) => void>();
  const posted: ExtensionMessage[] = [];
  const win = {
    location: { origin },
    addEventListener: (_type: string, listener: (event: MessageEvent) => void) => listeners.add(listener),
    removeEventListener: (_type: string, listener: (event: MessageEvent) => void) =>
      listeners.delete(listener),
    postMessage: (message: ExtensionMessage) => posted.push(message),
  } as unknown as Window;
  let confirm!: () => void;
  const confirmed = new Promise<void>((resolve) => (confirm = resolve));
  vi.spyOn(fakeBrowser.runtime, "sendMessage").mockImplementation((async (request: { type: string }) => {
    if (request.type !== "bridge/allowed") throw new Error(`unexpected ${request.type}`);
    if (unreachableTimes-- > 0)
      throw new Error("Could not establish connection. Receiving end does not exist.");
    await confirmed;
    return { ok: true, value: allowed };
  }) as never);
  const sayHello = () => {
    const event = { data: pageMessage({ type: "hello", requestId: "r1" }), origin, source: win };
    for (const listener of listeners) listener(event as MessageEvent);
  };
  return { win, posted, sayHello, confirm, listeners };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe("the bridge content script on a page", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.spyOn(fakeBrowser.runtime, "getManifest").mockReturnValue({ version: "1.2.3" } as never);
  });

  it("answers a hello sent before the background confirmed the page's origin, once it did", async () => {
    const page = pageWithBridge("http://localhost:4321", true);
    startPageBridge(page.win);
    page.sayHello();
    await settle();
    expect(page.posted).toEqual([]);
    page.confirm();
    await settle();
    expect(page.posted).toContainEqual(
      expect.objectContaining({ type: "hello", requestId: "r1", extensionVersion: "1.2.3" }),
    );
    expect(page.posted.map((m) => m.type).sort()).toEqual(["hello", "progress"]);
  });

  it("asks again while the background cannot be reached yet, then answers", async () => {
    const page = pageWithBridge("http://localhost:4321", true, 2);
    page.confirm();
    startPageBridge(page.win);
    page.sayHello();
    await new Promise((r) => setTimeout(r, ALLOWED_RETRY_MS[0]! + ALLOWED_RETRY_MS[1]! + 50));
    expect(page.posted).toContainEqual(expect.objectContaining({ type: "hello", requestId: "r1" }));
    expect(fakeBrowser.runtime.sendMessage).toHaveBeenCalledTimes(3);
  });

  it("answers nothing, not even progress, where the background does not confirm the exact origin", async () => {
    const page = pageWithBridge("http://localhost:4399", false);
    startPageBridge(page.win);
    page.sayHello();
    page.confirm();
    await settle();
    page.sayHello();
    await settle();
    expect(page.posted).toEqual([]);
    // It stopped listening to the page altogether.
    expect(page.listeners.size).toBe(0);
  });
});
