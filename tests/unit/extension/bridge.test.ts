import { afterEach, describe, expect, it, vi } from "vitest";
import { CONSENT_WAIT_MS, createBridgeClient } from "../../../site/lib/bridge-client.ts";
import { ExtensionMessage, PageMessage, pageMessage, readBridgeMessage } from "../../../shared/bridge.ts";
import { fakePage } from "./fake-page.ts";

const fakeWindow = { location: { origin: "http://localhost:4321" } } as unknown as Window;
const event = (data: unknown, origin = "http://localhost:4321", source: unknown = fakeWindow) =>
  ({ data, origin, source }) as unknown as MessageEvent;

describe("the site bridge protocol", () => {
  it("accepts a namespaced, versioned message from the same window and origin", () => {
    const hello = pageMessage({ type: "hello", requestId: "r1" });
    expect(readBridgeMessage(PageMessage, event(hello), fakeWindow)).toEqual(hello);
  });

  it("ignores messages from another origin, another window, another version or with a wrong shape", () => {
    const hello = pageMessage({ type: "hello", requestId: "r1" });
    expect(readBridgeMessage(PageMessage, event(hello, "http://localhost:9999"), fakeWindow)).toBeNull();
    expect(readBridgeMessage(PageMessage, event(hello, undefined, {}), fakeWindow)).toBeNull();
    expect(readBridgeMessage(PageMessage, event({ ...hello, v: 2 }), fakeWindow)).toBeNull();
    expect(readBridgeMessage(PageMessage, event({ ...hello, type: "steal-cookies" }), fakeWindow)).toBeNull();
    expect(readBridgeMessage(ExtensionMessage, event(hello), fakeWindow)).toBeNull();
  });
});

describe("the page's bridge client starting an import", () => {
  afterEach(() => vi.useRealTimers());

  it("waits for the person once the extension asked them, far longer than for an answer", async () => {
    vi.useFakeTimers();
    const { win, sent, reply } = fakePage();
    const asked = vi.fn();
    const started = createBridgeClient(win).startImport({ onConsentAsked: asked });
    const requestId = sent[0]!.requestId;
    reply({ type: "consent-asked", requestId });
    expect(asked).toHaveBeenCalledOnce();
    let settled = false;
    void started.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(CONSENT_WAIT_MS - 1000);
    expect(settled).toBe(false);
    reply({ type: "import-started", requestId });
    await expect(started).resolves.toBeUndefined();
  });

  it("rejects with the code `declined` when the person cancels", async () => {
    const { win, sent, reply } = fakePage();
    const started = createBridgeClient(win).startImport();
    const requestId = sent[0]!.requestId;
    reply({ type: "consent-asked", requestId });
    reply({ type: "error", requestId, code: "declined", message: "Cancelled in the P92 window." });
    await expect(started).rejects.toMatchObject({ code: "declined" });
  });

  it("gives up on an extension that never answers after the usual wait", async () => {
    vi.useFakeTimers();
    const { win } = fakePage();
    const started = createBridgeClient(win, { timeoutMs: 100 }).startImport();
    const result = expect(started).rejects.toMatchObject({ code: "no-extension" });
    await vi.advanceTimersByTimeAsync(400);
    await result;
  });
});
