import { describe, expect, it } from "vitest";
import {
  ExtensionMessage,
  PageMessage,
  describeProgress,
  pageMessage,
  readBridgeMessage,
} from "../../../shared/bridge.ts";

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

  it("describes progress the way people read it", () => {
    const text = describeProgress({
      status: "running",
      profile: "done",
      following: { fetched: 1200, total: 1480, skipped: 0, done: false },
      followers: { fetched: 3400, total: 12345, skipped: 0, done: false },
      resumeAt: null,
      problem: null,
      updatedAt: "2026-11-29T00:00:00.000Z",
    });
    expect(text).toBe("profile done; following 1,200 of 1,480; followers 3,400 of 12,345");
  });
});
