import { test } from "@playwright/test";
import fs from "node:fs";
import { RELAXED_LIMITS } from "../server/client.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { startFakeProfiles, type FakeProfiles } from "./fake-profiles.ts";

/** A server per test file whose Instagram is the fake profiles server, started before it. */
export function useGraphServer(env: Record<string, string> = {}): {
  server: RunningServer;
  instagram: FakeProfiles;
} {
  const holder = {} as { server: RunningServer; instagram: FakeProfiles };
  test.beforeAll(async () => {
    holder.instagram = await startFakeProfiles();
    holder.server = await startServer({
      env: { ...RELAXED_LIMITS, P92_INSTAGRAM_ORIGIN: holder.instagram.url, ...env },
    });
  });
  test.afterAll(async () => {
    await holder.server?.stop();
    if (holder.server) fs.rmSync(holder.server.dataDir, { recursive: true, force: true });
    await holder.instagram?.close();
  });
  return holder;
}
