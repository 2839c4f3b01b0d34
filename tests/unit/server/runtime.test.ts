import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readConfig } from "../../../site/server/config.ts";
import { createRuntime } from "../../../site/server/runtime.ts";
import { openSqliteStore } from "../../../site/server/storage/sqlite-store.ts";

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-runtime-"));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** The same server module loaded as a second instance, the way Astro's build bundles its own copy. */
async function secondCopy<T>(file: string): Promise<T> {
  const url = new URL(`../../../site/server/${file}?second-copy`, import.meta.url);
  return (await import(/* @vite-ignore */ url.href)) as T;
}

describe("one runtime per process", () => {
  it("refuses a second runtime while the first is open, even from another copy of the module", async () => {
    const config = readConfig({ P92_DATA_DIR: dataDir });
    const opening = createRuntime(config);
    // Refused while the first is still being opened, and once it is open.
    await expect(createRuntime(config)).rejects.toThrow(/already has a P92 runtime open/);
    const first = await opening;
    try {
      await expect(createRuntime(config)).rejects.toThrow(/already has a P92 runtime open/);
      const copy = await secondCopy<typeof import("../../../site/server/runtime.ts")>("runtime.ts");
      expect(copy.createRuntime).not.toBe(createRuntime);
      await expect(copy.createRuntime(readConfig({ P92_DATA_DIR: `${dataDir}/other` }))).rejects.toThrow(
        /already has a P92 runtime open/,
      );
    } finally {
      first.close();
    }
    const again = await createRuntime(config);
    again.close();
  });

  it("makes a second SQLite writer of the same database impossible in one process", async () => {
    const store = openSqliteStore(dataDir);
    try {
      expect(() => openSqliteStore(dataDir)).toThrow(/already open in this process/);
      expect(() => openSqliteStore(`${dataDir}/./`)).toThrow(/already open in this process/);
      const copy =
        await secondCopy<typeof import("../../../site/server/storage/sqlite-store.ts")>(
          "storage/sqlite-store.ts",
        );
      expect(() => copy.openSqliteStore(dataDir)).toThrow(/already open in this process/);
    } finally {
      store.close();
    }
    const reopened = openSqliteStore(dataDir);
    expect((await reopened.health()).schemaVersion).toBeGreaterThan(0);
    // Closing the first store again does not release the second one's claim.
    store.close();
    expect(() => openSqliteStore(dataDir)).toThrow(/already open in this process/);
    reopened.close();
  });
});
