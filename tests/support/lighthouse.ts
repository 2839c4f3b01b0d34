/**
 * Lighthouse (issue 16) on pages of the built site, in Debian's Chromium: the end-to-end project
 * `lighthouse` (tests/e2e/lighthouse/) asserts the targets, `npm run bench -- lighthouse` prints
 * the scores. Lighthouse's default configuration (a mobile phone, simulated throttling) and only
 * the categories the issue names. Nothing is downloaded: puppeteer-core drives the Chromium at
 * P92_CHROMIUM, and Lighthouse's error reporting (Sentry) stays off, as it is by default in its
 * Node API.
 */
import type { Result } from "lighthouse";
import { chromiumArgs, chromiumPath } from "../e2e/support/chromium.ts";

/** The lowest score (0 to 100) each category may have: issue 16. */
export const CATEGORY_TARGETS = { performance: 95, accessibility: 100, "best-practices": 100 } as const;
export type Category = keyof typeof CATEGORY_TARGETS;
const CATEGORIES = Object.keys(CATEGORY_TARGETS) as Category[];

/**
 * The audits of Lighthouse's PWA category, up to version 11 (the category and most of them went in
 * 12: https://github.com/GoogleChrome/lighthouse/pull/15455), with those it held before that
 * (is-on-https, redirects-http) and the viewport check that replaced `viewport`. Whichever of them
 * the installed Lighthouse still runs must not fail; 13 runs only is-on-https, redirects-http
 * (not applicable on localhost) and viewport-insight.
 */
export const PWA_AUDITS = [
  "installable-manifest",
  "service-worker",
  "splash-screen",
  "themed-omnibox",
  "maskable-icon",
  "content-width",
  "viewport",
  "viewport-insight",
  "apple-touch-icon",
  "offline-start-url",
  "works-offline",
  "is-on-https",
  "redirects-http",
] as const;

/** The performance metrics that make up the score, shown beside it to say which one fell short. */
const METRICS = [
  "first-contentful-paint",
  "largest-contentful-paint",
  "total-blocking-time",
  "cumulative-layout-shift",
  "speed-index",
];

export interface FailingAudit {
  id: string;
  title: string;
  /** What Lighthouse measured, e.g. "2.1 s" or "3 elements", or why it could not run. */
  detail: string;
}

/** What one Lighthouse run on one page says, reduced to what the targets and a reader need. */
export interface PageAudit {
  url: string;
  /** 0 to 100, as Lighthouse's report shows them. */
  scores: Record<Category, number>;
  /** FCP, LCP, TBT, CLS and Speed Index as Lighthouse shows them, e.g. { "total-blocking-time": "30 ms" }. */
  metrics: Record<string, string>;
  /** Every audit of the categories that the report would show as failed (score under 0.9) or errored. */
  failing: FailingAudit[];
  /** The PWA audits this Lighthouse ran, whether they passed (not applicable counts as passed). */
  pwa: { id: string; passed: boolean }[];
  /** Lighthouse's own warnings about the run, e.g. a CPU slower than it expects. */
  warnings: string[];
  /**
   * How fast the CPU was when the run began (Lighthouse's `benchmarkIndex`: about 2,000 to 2,600
   * on the 2-core machine these tests run on when it is otherwise idle; lower when something else
   * takes the CPU).
   */
  benchmarkIndex: number;
}

/** Reduces Lighthouse's result for one page to a PageAudit. */
export function summarize(lhr: Result): PageAudit {
  if (lhr.runtimeError)
    throw new Error(`Lighthouse could not audit ${lhr.requestedUrl}: ${lhr.runtimeError.message}`);
  const scores = {} as Record<Category, number>;
  const ids = new Set<string>();
  for (const category of CATEGORIES) {
    const result = lhr.categories[category];
    if (!result) throw new Error(`Lighthouse's result has no ${category} category`);
    // A null score means an audit of the category errored: count it as 0 rather than pass.
    scores[category] = Math.round((result.score ?? 0) * 100);
    for (const ref of result.auditRefs) ids.add(ref.id);
  }
  const failing: FailingAudit[] = [];
  for (const id of ids) {
    const audit = lhr.audits[id];
    if (!audit) continue;
    // The report's own rule: a scored audit under 0.9 is shown as failed.
    const failed = audit.score !== null && audit.score < 0.9;
    if (failed || audit.scoreDisplayMode === "error")
      failing.push({
        id,
        title: audit.title,
        detail: audit.errorMessage ?? audit.displayValue ?? audit.explanation ?? "",
      });
  }
  const metrics: Record<string, string> = {};
  for (const id of METRICS) metrics[id] = lhr.audits[id]?.displayValue ?? "not measured";
  const pwa = PWA_AUDITS.filter((id) => lhr.audits[id] !== undefined).map((id) => {
    const audit = lhr.audits[id]!;
    return { id, passed: audit.scoreDisplayMode !== "error" && (audit.score === null || audit.score >= 0.9) };
  });
  return {
    url: lhr.finalDisplayedUrl,
    scores,
    metrics,
    failing,
    pwa,
    warnings: lhr.runWarnings.map(String),
    benchmarkIndex: Math.round(lhr.environment.benchmarkIndex),
  };
}

/** What falls short of issue 16 on a page, one line each; none when it meets every target. */
export function shortfalls(page: PageAudit): string[] {
  const lines: string[] = [];
  for (const category of CATEGORIES) {
    if (page.scores[category] >= CATEGORY_TARGETS[category]) continue;
    const metrics =
      category === "performance"
        ? ` (${Object.entries(page.metrics)
            .map(([id, value]) => `${id} ${value}`)
            .join(", ")})`
        : "";
    lines.push(`${category} ${page.scores[category]} < ${CATEGORY_TARGETS[category]}${metrics}`);
  }
  for (const audit of page.pwa.filter((a) => !a.passed)) lines.push(`PWA audit ${audit.id} failed`);
  if (lines.length > 0)
    lines.push(
      ...page.failing.map((a) => `  failing: ${a.id} (${a.title})${a.detail ? `: ${a.detail}` : ""}`),
    );
  return lines;
}

/**
 * How many times each page is audited; the median run counts. Five is Lighthouse's advice on
 * variance (docs/variability.md): on this 2-core machine, runs of one build of the home page scored
 * from 86 to 99, its blocking time from 60 to 510 ms, and a median of three still moved by 8.
 */
export const RUNS_PER_PAGE = 5;

/**
 * The run whose performance score is the median of the runs' (the lower middle one of an even
 * number). Not Lighthouse's own `computeMedianRun`, which picks the run nearest the median first
 * paint and time to interactive: blocking time, which moves most from run to run here, plays no
 * part in that choice, so the run it keeps can be the one that scored lowest.
 */
export function medianRun(results: Result[]): Result {
  if (results.length === 0) throw new Error("no Lighthouse run to choose from");
  const score = (lhr: Result) => lhr.categories.performance?.score ?? 0;
  const sorted = [...results].sort((a, b) => score(a) - score(b));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/**
 * Runs Lighthouse on each page in turn, `runs` times each, each time in a new headless Chromium
 * (puppeteer's `headless: true` is `--headless=new`) with a fresh profile, so every run sees the
 * site as a first-time visitor does. Of a page's runs, the one with the median performance score
 * is kept (`medianRun`): the score is computed from the CPU time tasks took on this machine, which
 * moves with whatever else runs (https://github.com/GoogleChrome/lighthouse/blob/main/docs/variability.md).
 * One run at a time for the same reason.
 */
export async function auditPages(urls: string[], runs = RUNS_PER_PAGE): Promise<PageAudit[]> {
  // Imported here: Lighthouse takes a while to load, and the unit tests of summarize() need none of it.
  const { default: lighthouse } = await import("lighthouse");
  const puppeteer = await import("puppeteer-core");
  const pages: PageAudit[] = [];
  for (const url of urls) {
    const results: Result[] = [];
    for (let run = 0; run < runs; run++) {
      const browser = await puppeteer.launch({
        executablePath: chromiumPath(),
        args: chromiumArgs(),
        headless: true,
        // Lighthouse sets the phone's screen itself.
        defaultViewport: null,
      });
      try {
        const page = await browser.newPage();
        const result = await lighthouse(
          url,
          { logLevel: "error", onlyCategories: CATEGORIES },
          undefined,
          page,
        );
        if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
        results.push(result.lhr);
      } finally {
        await browser.close();
      }
    }
    // A run that failed to load the page is reported as such, not hidden by the median.
    const failed = results.find((lhr) => lhr.runtimeError);
    pages.push(summarize(failed ?? medianRun(results)));
  }
  return pages;
}
