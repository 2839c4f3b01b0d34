// Lighthouse's scores for the site as a first-time visitor sees it (issue 16), the same audits as
// the end-to-end project tests/e2e/lighthouse/: each page's median of five runs on a simulated
// phone. Needs the built site and server (P92_OUT_DIR) and Chromium (P92_CHROMIUM).
import { FIRST_VISIT_PAGES, startFirstVisitSite } from "../e2e/lighthouse/first-visit.ts";
import { auditPages, CATEGORY_TARGETS, shortfalls, type Category } from "../support/lighthouse.ts";
import type { BenchResult } from "./report.ts";

export async function run(): Promise<BenchResult[]> {
  const site = await startFirstVisitSite();
  try {
    const rows: BenchResult[] = [];
    for (const { name, path } of FIRST_VISIT_PAGES) {
      const [audit] = await auditPages([site.url + path]);
      for (const category of Object.keys(CATEGORY_TARGETS) as Category[])
        rows.push(score(`lighthouse: ${name} (${path}), ${category}`, audit!.scores[category], category));
      // Which PWA audits this Lighthouse still has is in tests/support/lighthouse.ts (PWA_AUDITS).
      const failed = audit!.pwa.filter((a) => !a.passed).map((a) => a.id);
      rows.push({
        figure: `lighthouse: ${name} (${path}), PWA-related audits`,
        target: "none failing",
        result:
          failed.length === 0
            ? `${audit!.pwa.length} of ${audit!.pwa.length} pass`
            : `failing: ${failed.join(", ")}`,
        value: failed.length,
        unit: "failing audits",
        pass: failed.length === 0,
      });
      // Why a target was missed: the metrics and every audit the report shows as failed.
      for (const line of shortfalls(audit!)) console.log(`    ${path}: ${line}`);
      for (const warning of audit!.warnings) console.log(`    ${path}: Lighthouse warns: ${warning}`);
    }
    return rows;
  } finally {
    await site.stop();
  }
}

/** A category's score (0 to 100) against its target, e.g. target "≥ 95", result "97". */
function score(figure: string, value: number, category: Category): BenchResult {
  const target = CATEGORY_TARGETS[category];
  return {
    figure,
    target: target === 100 ? "100" : `≥ ${target}`,
    result: String(value),
    value,
    unit: "points",
    pass: value >= target,
  };
}
