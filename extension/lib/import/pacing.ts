/**
 * How fast the importer reads: like a person scrolling a list. Accounts that read long lists at
 * ~1 s per page get flagged for automated activity, so pages are 1-2 s apart with random jitter,
 * every few pages there is a longer pause, and a 429 waits 1 minute, then 2, 4, 8, up to 15.
 */
import * as v from "valibot";

export interface Pacing {
  pageDelayMinMs: number;
  pageDelayMaxMs: number;
  longPauseEvery: number;
  longPauseMinMs: number;
  longPauseMaxMs: number;
  backoffStartMs: number;
  backoffMaxMs: number;
  /** After this many 429s in a row the import stops and says to try later. */
  maxRateLimitRetries: number;
  /** Network failures (Instagram unreachable, 5xx) retried before giving up. */
  maxNetworkRetries: number;
}

export const DEFAULT_PACING: Readonly<Pacing> = Object.freeze({
  pageDelayMinMs: 1_000,
  pageDelayMaxMs: 2_000,
  longPauseEvery: 5,
  longPauseMinMs: 8_000,
  longPauseMaxMs: 15_000,
  backoffStartMs: 60_000,
  backoffMaxMs: 15 * 60_000,
  maxRateLimitRetries: 8,
  maxNetworkRetries: 3,
});

/** Storage key of a pacing override, which only the end-to-end tests set (see README). */
export const PACING_OVERRIDE_KEY = "testPacingOverride";

const Ms = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(60 * 60_000));
const PacingOverride = v.partial(
  v.object({
    pageDelayMinMs: Ms,
    pageDelayMaxMs: Ms,
    longPauseEvery: v.pipe(v.number(), v.integer(), v.minValue(1)),
    longPauseMinMs: Ms,
    longPauseMaxMs: Ms,
    backoffStartMs: Ms,
    backoffMaxMs: Ms,
    maxRateLimitRetries: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(50)),
    maxNetworkRetries: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(50)),
  }),
);

/** The shipped pacing, with a test override applied when one is stored and valid. */
export function pacingWith(override: unknown): Pacing {
  const parsed = v.safeParse(PacingOverride, override);
  return parsed.success ? { ...DEFAULT_PACING, ...parsed.output } : { ...DEFAULT_PACING };
}

const between = (min: number, max: number, random: () => number) =>
  Math.round(min + (Math.max(max, min) - min) * random());

/** The wait after the `pagesDone`-th page (1-based): a longer pause every `longPauseEvery` pages. */
export function pageDelay(pacing: Pacing, pagesDone: number, random: () => number = Math.random): number {
  return pagesDone > 0 && pagesDone % pacing.longPauseEvery === 0
    ? between(pacing.longPauseMinMs, pacing.longPauseMaxMs, random)
    : between(pacing.pageDelayMinMs, pacing.pageDelayMaxMs, random);
}

/** The wait after the `attempt`-th 429 in a row (0-based): doubling from the start, capped. */
export function backoffDelay(pacing: Pacing, attempt: number): number {
  return Math.min(pacing.backoffStartMs * 2 ** attempt, pacing.backoffMaxMs);
}

export class ImportCancelled extends Error {
  constructor() {
    super("The import was cancelled.");
    this.name = "ImportCancelled";
  }
}

/** Waits `ms`, or rejects with `ImportCancelled` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ImportCancelled());
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ImportCancelled());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
