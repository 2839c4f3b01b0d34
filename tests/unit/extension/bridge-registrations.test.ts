import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";

vi.mock("wxt/browser", () => ({ browser: fakeBrowser }));
const { ADDED_SITES_KEY, syncBridgeRegistrations } = await import("../../../extension/lib/site-origins.ts");

/** The browser's registry of dynamic content scripts, refusing an id twice as browsers do. */
function scriptRegistry() {
  const registered = new Map<string, { id: string; matches: string[] }>();
  Object.assign(fakeBrowser.scripting, {
    getRegisteredContentScripts: async () => {
      const now = [...registered.values()];
      await new Promise((r) => setTimeout(r, 5));
      return now;
    },
    registerContentScripts: async (scripts: { id: string; matches: string[] }[]) => {
      for (const script of scripts) {
        if (registered.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
      }
      for (const script of scripts) registered.set(script.id, script);
    },
    unregisterContentScripts: async ({ ids }: { ids: string[] }) => {
      for (const id of ids) {
        if (!registered.delete(id)) throw new Error(`Nonexistent script ID '${id}'`);
      }
    },
  });
  return registered;
}

describe("the bridge scripts registered for added sites", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    Object.assign(fakeBrowser.permissions, { contains: async () => true });
  });

  it("survive two syncs at once (the options' own and the permission event's), registered once", async () => {
    const registered = scriptRegistry();
    await fakeBrowser.storage.local.set({ [ADDED_SITES_KEY]: ["https://p92.example"] });
    await expect(Promise.all([syncBridgeRegistrations(), syncBridgeRegistrations()])).resolves.toBeDefined();
    expect([...registered.values()]).toEqual([
      expect.objectContaining({ id: "p92-bridge https://p92.example/*", matches: ["https://p92.example/*"] }),
    ]);

    await fakeBrowser.storage.local.set({ [ADDED_SITES_KEY]: [] });
    await expect(Promise.all([syncBridgeRegistrations(), syncBridgeRegistrations()])).resolves.toBeDefined();
    expect(registered.size).toBe(0);
  });
});
