/** One measured figure, as printed in the table and written to the JSON report. */
export interface BenchResult {
  figure: string;
  /** The target in words, e.g. "< 2000 ms". */
  target: string;
  /** The measurement in words, e.g. "1234 ms". */
  result: string;
  value: number;
  unit: string;
  pass: boolean;
}

/** A benchmark module in tests/bench/*.bench.ts exports `run` returning its figures. */
export type Benchmark = () => Promise<BenchResult[]>;

export function below(figure: string, value: number, limit: number, unit: string): BenchResult {
  return {
    figure,
    target: `< ${limit} ${unit}`,
    result: `${round(value)} ${unit}`,
    value,
    unit,
    pass: value < limit,
  };
}

export function atMost(figure: string, value: number, limit: number, unit: string): BenchResult {
  return {
    figure,
    target: `≤ ${limit} ${unit}`,
    result: `${round(value)} ${unit}`,
    value,
    unit,
    pass: value <= limit,
  };
}

export function atLeast(figure: string, value: number, limit: number, unit: string): BenchResult {
  return {
    figure,
    target: `≥ ${limit} ${unit}`,
    result: `${round(value)} ${unit}`,
    value,
    unit,
    pass: value >= limit,
  };
}

export function info(figure: string, value: number, unit: string): BenchResult {
  return { figure, target: "(for information)", result: `${round(value)} ${unit}`, value, unit, pass: true };
}

function round(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

export function formatTable(results: BenchResult[]): string {
  const rows = [
    ["figure", "target", "result", "pass"],
    ...results.map((r) => [r.figure, r.target, r.result, r.pass ? "pass" : "MISS"]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  return [
    line(rows[0]!),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...rows.slice(1).map(line),
  ].join("\n");
}
