// `npm run db:copy -- --from sqlite:./data --to postgres://…`: copies a stopped server's SQLite
// data into an empty PostgreSQL database (the work is in storage/copy/). Prints a summary; refuses
// with one line and exit code 1. The URL's password is never printed.
import { parseArgs } from "node:util";
import {
  copySqliteToPostgres,
  type CopyProgress,
  type CopySummary,
} from "./storage/copy/copy-sqlite-to-postgres.ts";
import { CopyRefused } from "./storage/copy/refused.ts";

const USAGE =
  "usage: npm run db:copy -- --from sqlite:<data directory or its p92.sqlite> --to postgres://user:password@host:port/database\n" +
  "  --to may be left out when P92_DATABASE_URL is set. Stop the server first; the database must be empty.";

/** Progress is printed every this many rows of a table (a big one takes a while). */
const PROGRESS_EVERY = 100_000;

/** The password of a URL as typed (and as decoded), to take out of anything printed. */
function passwordsOf(url: string): string[] {
  const typed = /^[a-z]+:\/\/[^:/@]*:([^@]*)@/i.exec(url)?.[1];
  if (!typed) return [];
  let decoded = typed;
  try {
    decoded = decodeURIComponent(typed);
  } catch {
    // Not percent-encoded properly: only the typed form can appear.
  }
  return [...new Set([typed, decoded])].filter((p) => p !== "");
}

/** A PostgreSQL URL as printed: its database and host, never its user's password. */
function describeUrl(url: string): string {
  const parsed = new URL(url);
  const host = parsed.searchParams.get("host") ?? (parsed.host || "localhost");
  return `PostgreSQL database ${decodeURIComponent(parsed.pathname.slice(1))} on ${host}`;
}

const number = (n: number) => n.toLocaleString("en");

function summaryLines(summary: CopySummary, target: string): string[] {
  const lines = [
    `Copied ${summary.dataDir} (SQLite, schema version ${summary.schemaVersion}) to ${target} in ${summary.seconds.toFixed(1)} s.`,
  ];
  if (summary.migrated)
    lines.push(`The database was empty: it was migrated to schema version ${summary.schemaVersion} first.`);
  if (!summary.files.federation) lines.push("There was no federation.sqlite: kv and queue start empty.");
  const rows: [string, string, string][] = [
    ["table", "rows", ""],
    ...summary.tables.map((t): [string, string, string] => [t.name, number(t.rows), ""]),
    ["accounts_search", number(summary.search.accounts), "rebuilt"],
    ["posts_search", number(summary.search.posts), "rebuilt"],
  ];
  const nameWidth = Math.max(...rows.map((r) => r[0].length));
  const rowsWidth = Math.max(...rows.map((r) => r[1].length));
  lines.push("");
  for (const [name, count, note] of rows) {
    lines.push(`  ${name.padEnd(nameWidth)}  ${count.padStart(rowsWidth)}  ${note}`.trimEnd());
  }
  lines.push("");
  lines.push(
    `Every table has the same number of rows on both sides, and the change log ends at seq ${number(summary.lastChangeSeq)} on both: clients' sync cursors carry on.`,
  );
  const { search } = summary;
  if (search.accounts !== search.sqlite.accounts || search.posts !== search.sqlite.posts) {
    lines.push(
      `SQLite's search indexes held ${number(search.sqlite.accounts)} accounts and ${number(search.sqlite.posts)} posts; ` +
        "PostgreSQL's were rebuilt from every account and post not deleted.",
    );
  }
  lines.push(
    `Media files were not copied: they stay in ${summary.mediaDir}, which the server uses on PostgreSQL too. ` +
      `Start it with P92_DATABASE_URL set and P92_DATA_DIR=${summary.dataDir} (or move that folder along).`,
  );
  lines.push("Keep the SQLite files as a backup until the server runs well on PostgreSQL.");
  return lines;
}

async function main(): Promise<void> {
  let from: string | undefined;
  let to: string | undefined;
  try {
    const { values } = parseArgs({
      options: {
        from: { type: "string" },
        to: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      console.log(USAGE);
      return;
    }
    from = values.from;
    to = values.to ?? (process.env.P92_DATABASE_URL || undefined);
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (!from) fail(`--from is missing\n${USAGE}`);
  if (!to) fail(`--to is missing (and P92_DATABASE_URL is not set)\n${USAGE}`);
  // Errors come from libraries (postgres.js, node:sqlite) that might quote the URL.
  const secrets = passwordsOf(to);
  const scrub = (text: string) => secrets.reduce((t, secret) => t.replaceAll(secret, "***"), text);
  let target: string;
  try {
    const parsed = new URL(to);
    if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
      fail(`--to must be a postgres:// URL, not ${parsed.protocol}//`);
    }
    if (parsed.pathname.length <= 1) fail("--to must name the database, e.g. postgres://localhost/p92");
    target = describeUrl(to);
  } catch {
    fail("--to is not a URL (postgres://user:password@host:port/database)");
  }

  console.log(`Copying ${from} to ${target} (one transaction: nothing is kept unless it all matches)…`);
  const printed = new Map<string, number>();
  const onProgress = ({ table, rows, of }: CopyProgress) => {
    const step = Math.floor(rows / PROGRESS_EVERY);
    if (step > (printed.get(table) ?? 0) && rows < of) {
      printed.set(table, step);
      console.log(`  ${table}: ${number(rows)} of ${number(of)} rows`);
    }
  };
  try {
    const summary = await copySqliteToPostgres({ from, to, onProgress });
    for (const line of summaryLines(summary, target)) console.log(line);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
    // A refusal says what to do; anything else failed inside the transaction, which rolled back.
    fail(scrub(error instanceof CopyRefused ? message : `${message} (nothing was copied)`));
  }
}

function fail(message: string): never {
  console.error(`db:copy: ${message}`);
  process.exit(1);
}

await main();
