import type { Result } from "lighthouse";
import { describe, expect, it } from "vitest";
import { medianRun, shortfalls, summarize } from "../support/lighthouse.ts";

type Audit = Partial<Result["audits"][string]>;

/** The parts of a Lighthouse result that summarize() reads, with every audit passing. */
function lighthouseResult(
  options: { scores?: Partial<Record<string, number | null>>; audits?: Record<string, Audit> } = {},
): Result {
  const audits: Record<string, Audit> = {
    "first-contentful-paint": {
      title: "First Contentful Paint",
      score: 1,
      scoreDisplayMode: "numeric",
      displayValue: "0.8 s",
    },
    "largest-contentful-paint": {
      title: "Largest Contentful Paint",
      score: 0.99,
      scoreDisplayMode: "numeric",
      displayValue: "1.7 s",
    },
    "total-blocking-time": {
      title: "Total Blocking Time",
      score: 1,
      scoreDisplayMode: "numeric",
      displayValue: "40 ms",
    },
    "color-contrast": { title: "Contrast", score: 1, scoreDisplayMode: "binary" },
    "is-on-https": { title: "Uses HTTPS", score: 1, scoreDisplayMode: "binary" },
    "redirects-http": {
      title: "Redirects HTTP traffic to HTTPS",
      score: null,
      scoreDisplayMode: "notApplicable",
    },
    "unused-javascript": { title: "Reduce unused JavaScript", score: 1, scoreDisplayMode: "metricSavings" },
    ...options.audits,
  };
  const refs = (ids: string[]) => ids.map((id) => ({ id, weight: 1 }));
  const category = (id: string, ids: string[]) => ({
    id,
    title: id,
    score: options.scores?.[id] === undefined ? 1 : options.scores[id],
    auditRefs: refs(ids),
  });
  return {
    requestedUrl: "http://localhost:4321/",
    finalDisplayedUrl: "http://localhost:4321/",
    runWarnings: [],
    environment: { benchmarkIndex: 2400.5 },
    categories: {
      performance: category("performance", [
        "first-contentful-paint",
        "largest-contentful-paint",
        "total-blocking-time",
        "unused-javascript",
      ]),
      accessibility: category("accessibility", ["color-contrast"]),
      "best-practices": category("best-practices", ["is-on-https", "redirects-http"]),
    },
    audits: audits as Result["audits"],
  } as unknown as Result;
}

describe("summarize", () => {
  it("gives each category's score out of 100, and no shortfall when every target is met", () => {
    const page = summarize(lighthouseResult({ scores: { performance: 0.96 } }));
    expect(page.scores).toEqual({ performance: 96, accessibility: 100, "best-practices": 100 });
    expect(page.benchmarkIndex).toBe(2401);
    expect(page.failing).toEqual([]);
    expect(shortfalls(page)).toEqual([]);
  });

  it("lists the audits the report shows as failed: scored under 0.9, or errored", () => {
    const page = summarize(
      lighthouseResult({
        scores: { accessibility: 0.93 },
        audits: {
          "color-contrast": {
            title: "Contrast",
            score: 0,
            scoreDisplayMode: "binary",
            explanation: "2 elements",
          },
          "largest-contentful-paint": {
            title: "Largest Contentful Paint",
            score: 0.89,
            scoreDisplayMode: "numeric",
            displayValue: "2.6 s",
          },
          "unused-javascript": {
            title: "Reduce unused JavaScript",
            score: null,
            scoreDisplayMode: "error",
            errorMessage: "No trace",
          },
        },
      }),
    );
    expect(page.failing).toEqual([
      { id: "largest-contentful-paint", title: "Largest Contentful Paint", detail: "2.6 s" },
      { id: "unused-javascript", title: "Reduce unused JavaScript", detail: "No trace" },
      { id: "color-contrast", title: "Contrast", detail: "2 elements" },
    ]);
  });

  it("names the metrics beside a performance score under 95", () => {
    const page = summarize(
      lighthouseResult({
        scores: { performance: 0.93 },
        audits: {
          "total-blocking-time": {
            title: "Total Blocking Time",
            score: 0.7,
            scoreDisplayMode: "numeric",
            displayValue: "310 ms",
          },
        },
      }),
    );
    expect(shortfalls(page)).toEqual([
      "performance 93 < 95 (first-contentful-paint 0.8 s, largest-contentful-paint 1.7 s, " +
        "total-blocking-time 310 ms, cumulative-layout-shift not measured, speed-index not measured)",
      "  failing: total-blocking-time (Total Blocking Time): 310 ms",
    ]);
  });

  it("counts an accessibility score of 99 as falling short of 100", () => {
    expect(shortfalls(summarize(lighthouseResult({ scores: { accessibility: 0.99 } })))).toEqual([
      "accessibility 99 < 100",
    ]);
  });

  it("checks the PWA audits this Lighthouse still runs, a not applicable one passing", () => {
    const passing = summarize(lighthouseResult());
    expect(passing.pwa).toEqual([
      { id: "is-on-https", passed: true },
      { id: "redirects-http", passed: true },
    ]);
    const failing = summarize(
      lighthouseResult({
        audits: {
          "installable-manifest": { title: "Installable", score: 0, scoreDisplayMode: "binary" },
        },
      }),
    );
    expect(shortfalls(failing)).toEqual(["PWA audit installable-manifest failed"]);
  });

  it("refuses a run in which the page did not load", () => {
    const result = lighthouseResult();
    result.runtimeError = { code: "ERRORED_DOCUMENT_REQUEST", message: "Status code: 404" };
    expect(() => summarize(result)).toThrow(/could not audit http:\/\/localhost:4321\/: Status code: 404/);
  });
});

describe("medianRun", () => {
  const runs = (scores: number[]) =>
    scores.map((performance) => lighthouseResult({ scores: { performance } }));
  const kept = (scores: number[]) => medianRun(runs(scores)).categories.performance!.score;

  it("keeps the run with the median performance score, whatever their order", () => {
    expect(kept([0.97, 0.91, 0.99, 0.96, 0.94])).toBe(0.96);
    expect(kept([0.94, 0.96, 0.99, 0.91, 0.97])).toBe(0.96);
    // Of an even number, the lower middle one.
    expect(kept([0.94, 0.96, 0.99, 0.91])).toBe(0.94);
    expect(() => medianRun([])).toThrow(/no Lighthouse run/);
  });
});
