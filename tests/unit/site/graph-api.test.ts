import "fake-indexeddb/auto";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { readAccount } from "../../../site/lib/authors.ts";
import { db } from "../../../site/lib/db.ts";
import { checkProof, followAll } from "../../../site/lib/graph-api.ts";
import { requestSync } from "../../../site/lib/sync/scheduler.ts";
import { serverAccount } from "./fixtures.ts";

vi.mock("../../../site/lib/sync/scheduler.ts", () => ({ requestSync: vi.fn(async () => undefined) }));

const session = { serverUrl: "https://p92.example", token: "t", handle: "ana" };
const answer = (body: unknown) =>
  vi.fn(async () => new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } }));

beforeEach(async () => {
  vi.mocked(requestSync).mockClear();
  await Promise.all(db.tables.map((table) => table.clear()));
});
afterEach(() => vi.unstubAllGlobals());

test("a proof the server accepts keeps the account with its proven handle on the device", async () => {
  const account = { ...serverAccount("ana"), instagram: { handle: "ana.ig", proven: true, verified: false } };
  vi.stubGlobal("fetch", answer({ account, autoFollowed: 0, instagramFollowersHere: 3 }));
  const result = await checkProof(session);
  expect(result.instagramFollowersHere).toBe(3);
  expect((await readAccount("ana"))?.instagram).toEqual({ handle: "ana.ig", proven: true, verified: false });
});

test("following every match asks for a sync, so the new follows reach the device", async () => {
  vi.stubGlobal("fetch", answer({ followed: 2 }));
  expect(await followAll(session)).toEqual({ followed: 2 });
  expect(requestSync).toHaveBeenCalledTimes(1);
});
