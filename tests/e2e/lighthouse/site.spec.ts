// Issue 16: Lighthouse on the built site. Its own Playwright project, run alone after the Chromium
// one with one worker (playwright.config.ts, run.ts): the performance score is computed from the
// CPU time the page's tasks took here, so two cores shared with other tests would lower it.
import { expect, test } from "@playwright/test";
import { auditPages, CATEGORY_TARGETS, RUNS_PER_PAGE, shortfalls } from "../../support/lighthouse.ts";
import { FIRST_VISIT_PAGES, startFirstVisitSite } from "./first-visit.ts";

let site: Awaited<ReturnType<typeof startFirstVisitSite>> | undefined;
test.beforeAll(async () => {
  site = await startFirstVisitSite();
});
test.afterAll(async () => {
  await site?.stop();
});

const { performance, accessibility } = CATEGORY_TARGETS;
for (const { name, path } of FIRST_VISIT_PAGES) {
  test(`${name}, first visit on a phone: performance ≥ ${performance}, accessibility and best practices ${accessibility}, no failing PWA audit`, async () => {
    // Three Lighthouse runs take about 25 s here; several times that on a busy machine.
    test.setTimeout(RUNS_PER_PAGE * 60_000);
    const [audit] = await auditPages([site!.url + path]);
    const { scores, pwa, warnings } = audit!;
    // The scores in the log of every run, not only of a failing one, with Lighthouse's warnings
    // about the run (e.g. a CPU too slow for its throttling to mean much).
    console.log(
      `  ${path}: ${Object.entries(scores)
        .map(([category, score]) => `${category} ${score}`)
        .join(
          ", ",
        )}; PWA audits: ${pwa.map((a) => `${a.id} ${a.passed ? "pass" : "FAIL"}`).join(", ")}; CPU benchmark ${audit!.benchmarkIndex}`,
    );
    for (const warning of warnings) console.log(`  Lighthouse warns: ${warning}`);
    expect(shortfalls(audit!), `what falls short of issue 16's targets on ${path}`).toEqual([]);
  });
}
