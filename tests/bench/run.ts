// `npm run bench [name...]`: runs every tests/bench/*.bench.ts (or those whose name matches),
// prints one table (figure, target, result, pass or miss) and writes it to bench-results.json.
// It builds the site, server and extension first, as the end-to-end runner does.
import fs from "node:fs";
import path from "node:path";
import { prepareBuilds } from "../e2e/support/prepare.ts";
import { formatTable, type Benchmark, type BenchResult } from "./report.ts";

prepareBuilds({ firefox: false });

const here = import.meta.dirname;
const filters = process.argv.slice(2);
const files = fs
  .readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((name) => f.includes(name)))
  .sort();

const results: BenchResult[] = [];
for (const file of files) {
  console.log(`▶ ${file}`);
  const started = performance.now();
  const { run } = (await import(path.join(here, file))) as { run: Benchmark };
  for (const result of await run()) {
    console.log(`  ${result.figure}: ${result.result} (target ${result.target})`);
    results.push(result);
  }
  console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

console.log(`\n${formatTable(results)}`);
const out = path.resolve(here, "../../bench-results.json");
fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), results }, null, 2) + "\n");
console.log(`\nWritten to ${path.relative(process.cwd(), out)}`);
process.exitCode = results.every((r) => r.pass) ? 0 : 1;
