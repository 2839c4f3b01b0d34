import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createInstagramClient } from "../../../extension/lib/instagram/client.ts";
import { DEFAULT_PACING } from "../../../extension/lib/import/pacing.ts";
import { runImport, type ImportOutcome, type ImportSink } from "../../../extension/lib/import/run-import.ts";
import {
  beginFollowRun,
  countFollows,
  finishFollowRun,
  pauseFollowRuns,
  storeFollowPage,
  storeImportedProfile,
} from "../../../shared/db/imported.ts";
import { P92Database } from "../../../shared/db/schema.ts";
import selfInfo from "../../fake-instagram/fixtures/self-info.json" with { type: "json" };
import selfWebProfile from "../../fake-instagram/fixtures/self-web-profile.json" with { type: "json" };
import { useCatalog } from "./catalogs.ts";

// The extension speaks English here, as in an English browser.
useCatalog("en");

const SELF = "4815162342";
const users = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    pk: i + 1,
    username: `${prefix}_${i}`,
    full_name: `${prefix} ${i}`,
  }));

/** Instagram's answers, from the same fixtures as the fake Instagram; `rateLimit` pages 429 once. */
function fakeInstagramFetch(lists: Record<string, ReturnType<typeof users>>, rateLimit: Set<string>) {
  const requests: string[] = [];
  const fetcher = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(String(input));
    requests.push(url.pathname + url.search);
    const reply = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
    if (url.pathname === `/api/v1/users/${SELF}/info/`) return reply(200, selfInfo);
    if (url.pathname === "/api/v1/users/web_profile_info/") return reply(200, selfWebProfile);
    const list = /\/(followers|following)\/$/.exec(url.pathname)?.[1] ?? "";
    const offset = Number(url.searchParams.get("max_id") ?? "0");
    const key = `${list}:${offset}`;
    if (rateLimit.delete(key))
      return reply(429, { message: "Please wait a few minutes before you try again." });
    const all = lists[list] ?? [];
    const next = offset + 200 < all.length ? String(offset + 200) : undefined;
    return reply(200, { users: all.slice(offset, offset + 200), next_max_id: next, status: "ok" });
  };
  return { fetcher: fetcher as typeof fetch, requests };
}

let db: P92Database;
const waits: (string | null)[] = [];
/** The sink the background implements, over the real shared Dexie operations. */
const sink = (db: P92Database): ImportSink => ({
  storeProfile: (profile) => storeImportedProfile(db, profile, null),
  beginRun: async (list) => ({ ...(await beginFollowRun(db, list)), skip: false }),
  storePage: async (page) => void (await storeFollowPage(db, page)),
  finishRun: async (list, runId) => void (await finishFollowRun(db, list, runId)),
  waiting: async (resumeAt) => void waits.push(resumeAt),
});

beforeEach(() => {
  db = new P92Database(`test-${crypto.randomUUID()}`);
  waits.length = 0;
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: new Date("2026-11-29T14:04:00Z") });
});
afterEach(async () => {
  vi.useRealTimers();
  db.close();
  await db.delete();
});

/** Moves the fake clock in small steps, letting IndexedDB's real callbacks run in between. */
async function advanceUntil(done: () => boolean, stepMs = 50): Promise<void> {
  for (let i = 0; i < 50_000 && !done(); i++) {
    await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(stepMs);
  }
}

async function runToEnd(outcome: Promise<ImportOutcome>, stepMs = 500): Promise<ImportOutcome> {
  let result: ImportOutcome | null = null;
  void outcome.then((r) => (result = r));
  await advanceUntil(() => result !== null, stepMs);
  return result!;
}

describe("the import loop", () => {
  it("imports the profile and both lists, pacing every page", async () => {
    const { fetcher, requests } = fakeInstagramFetch(
      { following: users("fo", 321), followers: users("fr", 1234) },
      new Set(),
    );
    const client = createInstagramClient({ session: { userId: SELF, csrfToken: "t" }, fetch: fetcher });
    const started = Date.now();
    const outcome = await runToEnd(
      runImport({ client, sink: sink(db), pacing: DEFAULT_PACING, signal: new AbortController().signal }),
    );
    expect(outcome).toEqual({ status: "done", problem: null });
    expect(await countFollows(db, "following")).toBe(321);
    expect(await countFollows(db, "followers")).toBe(1234);
    expect((await db.profile.get("self"))?.bioLinks).toHaveLength(2);
    expect(requests.filter((r) => r.includes("/friendships/"))).toHaveLength(2 + 7);
    // 10 waits of at least 1 s each (profile→profile, before each list, between pages).
    expect(Date.now() - started).toBeGreaterThanOrEqual(10_000);
  });

  it("resumes the follower import from the saved cursor after a 429, once the minute is over", async () => {
    const { fetcher, requests } = fakeInstagramFetch(
      { following: users("fo", 10), followers: users("fr", 700) },
      new Set(["followers:400"]),
    );
    const client = createInstagramClient({ session: { userId: SELF, csrfToken: "t" }, fetch: fetcher });
    const run = runImport({
      client,
      sink: sink(db),
      pacing: DEFAULT_PACING,
      signal: new AbortController().signal,
    });
    let result: ImportOutcome | null = null;
    void run.then((r) => (result = r));
    await advanceUntil(() => waits.length > 0, 20);
    const resumeAt = new Date(waits[0]!);
    expect(resumeAt.getTime() - Date.now()).toBeGreaterThan(59_000);
    expect(resumeAt.getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    expect((await db.importState.get("followers"))?.cursor).toBe("400");
    await vi.advanceTimersByTimeAsync(59_000);
    expect(requests.filter((r) => r.includes("max_id=400"))).toHaveLength(1);
    expect(await runToEnd(run)).toEqual({ status: "done", problem: null });
    expect(result).not.toBeNull();
    expect(waits).toEqual([resumeAt.toISOString(), null]);
    expect(requests.filter((r) => r.includes("max_id=400"))).toHaveLength(2);
    expect(await countFollows(db, "followers")).toBe(700);
  });

  it("stops after repeated 429s with a clear message, keeping what was stored", async () => {
    const always = new Set<string>();
    const { fetcher } = fakeInstagramFetch({ following: users("fo", 300), followers: [] }, always);
    const limited: typeof fetch = async (input, init) => {
      if (String(input).includes("max_id=200")) always.add("following:200");
      return fetcher(input, init);
    };
    const client = createInstagramClient({ session: { userId: SELF, csrfToken: "t" }, fetch: limited });
    const outcome = await runToEnd(
      runImport({ client, sink: sink(db), pacing: DEFAULT_PACING, signal: new AbortController().signal }),
      60_000,
    );
    expect(outcome).toMatchObject({ status: "failed", problem: { code: "rate-limited" } });
    expect(waits.filter(Boolean)).toHaveLength(DEFAULT_PACING.maxRateLimitRetries);
    expect(await db.follows.count()).toBe(200);
  });

  it("cancelled while waiting: stops at once and the next run resumes from the cursor", async () => {
    const { fetcher } = fakeInstagramFetch(
      { following: users("fo", 500), followers: [] },
      new Set(["following:200"]),
    );
    const client = createInstagramClient({ session: { userId: SELF, csrfToken: "t" }, fetch: fetcher });
    const controller = new AbortController();
    const run = runImport({ client, sink: sink(db), pacing: DEFAULT_PACING, signal: controller.signal });
    await advanceUntil(() => waits.length > 0, 20);
    controller.abort();
    expect(await run).toMatchObject({ status: "cancelled" });
    await pauseFollowRuns(db);
    const resumed = await beginFollowRun(db, "following");
    expect(resumed).toMatchObject({ cursor: "200", fetched: 200 });
  });
});
