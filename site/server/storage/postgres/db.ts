import postgres from "postgres";

/** A value bound to a query parameter. Values are always bound, never spliced into SQL. */
export type Param = string | number | boolean | null | Buffer | Date | string[] | number[];

/** The connection pool of one process. */
export type Pool = postgres.Sql;

/**
 * The pool to the database of a `postgres://` URL. int8 values (counts, sequences) come back as
 * numbers: every one the server keeps stays far below 2^53. A Unix socket is named as libpq names
 * it, `?host=/path/to/socket/folder` (postgres.js itself would send `host` to the server as a
 * setting).
 */
export function openPool(url: string, options: { max?: number } = {}): Pool {
  const parsed = new URL(url);
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new Error(`P92_DATABASE_URL must start with postgres://, not ${parsed.protocol}//`);
  }
  const socketFolder = parsed.searchParams.get("host");
  parsed.searchParams.delete("host");
  const port = parsed.port || "5432";
  return postgres(parsed.toString(), {
    max: options.max ?? 10,
    ...(socketFolder?.startsWith("/") ? { path: `${socketFolder}/.s.PGSQL.${port}` } : {}),
    types: {
      bigint: { to: 20, from: [20], serialize: (n: number) => String(n), parse: (s: string) => Number(s) },
    },
    // Notices (e.g. "relation already exists, skipping") are not errors and say nothing to a person.
    onnotice: () => {},
    connection: { application_name: "p92" },
  });
}

/**
 * Queries on a pool or inside a transaction, written as on SQLite: `?` for positional parameters,
 * or `:name` with `allNamed` (turned into PostgreSQL's `$1`… once per text; a `::` cast is left
 * alone). Statements are prepared once per connection (postgres.js keeps them by text).
 */
export class Queries {
  readonly sql: postgres.Sql | postgres.TransactionSql;

  /**
   * This transaction holds the change log's lock (postgres/transactions.ts): known here so that
   * asking again costs no round trip. A savepoint inside it holds it too.
   */
  holdsChangeLog = false;

  constructor(sql: postgres.Sql | postgres.TransactionSql) {
    this.sql = sql;
  }

  async get<T>(query: string, ...params: Param[]): Promise<T | undefined> {
    return (await this.#query(positional(query), params))[0] as T | undefined;
  }

  async all<T>(query: string, ...params: Param[]): Promise<T[]> {
    return (await this.#query(positional(query), params)) as unknown as T[];
  }

  async allNamed<T>(query: string, params: Record<string, Param>): Promise<T[]> {
    const { text, names } = named(query);
    return (await this.#query(
      text,
      names.map((name) => {
        if (!(name in params)) throw new Error(`No value for :${name}`);
        return params[name]!;
      }),
    )) as unknown as T[];
  }

  /** Runs a statement; answers how many rows it changed. */
  async run(query: string, ...params: Param[]): Promise<{ changes: number }> {
    const result = await this.#query(positional(query), params);
    return { changes: result.count ?? 0 };
  }

  /** Runs `work` in a savepoint (inside a transaction only): a failure undoes it alone. */
  async savepoint<T>(work: (q: Queries) => Promise<T>): Promise<T> {
    if (!("savepoint" in this.sql)) throw new Error("A savepoint needs a transaction");
    return (await this.sql.savepoint((sp) => {
      const inner = new Queries(sp);
      inner.holdsChangeLog = this.holdsChangeLog;
      return work(inner);
    })) as T;
  }

  #query(text: string, params: Param[]) {
    return this.sql.unsafe(text, params.map(bindable) as postgres.ParameterOrJSON<never>[], {
      prepare: true,
    });
  }
}

/**
 * PostgreSQL's text cannot hold NUL (a statement binding one fails), SQLite's can: a NUL in a
 * bound string (a display name, a lookup such as `?q=ana%00`) is stored and looked up as U+FFFD,
 * rather than failing the request.
 */
export const withoutNul = (text: string) => (text.includes("\0") ? text.replaceAll("\0", "\uFFFD") : text);

function bindable(param: Param): Param {
  if (typeof param === "string") return withoutNul(param);
  // Arrays may mix strings and nulls (a queue's ordering keys).
  if (Array.isArray(param) && param.some((p) => typeof p === "string")) {
    return (param as (string | null)[]).map((p) => (typeof p === "string" ? withoutNul(p) : p)) as string[];
  }
  return param;
}

const positionalTexts = new Map<string, string>();
const namedTexts = new Map<string, { text: string; names: string[] }>();

/** `?` → `$1`, `$2`… (outside quoted strings). */
function positional(query: string): string {
  let text = positionalTexts.get(query);
  if (text === undefined) {
    let n = 0;
    text = outsideQuotes(query, (part) => part.replace(/\?/g, () => `$${++n}`));
    positionalTexts.set(query, text);
  }
  return text;
}

/** `:name` → `$k`, the same name the same number (outside quoted strings; `::type` untouched). */
function named(query: string): { text: string; names: string[] } {
  let found = namedTexts.get(query);
  if (found === undefined) {
    const names: string[] = [];
    const text = outsideQuotes(query, (part) =>
      part.replace(/(?<![:\w]):([a-z_][a-z0-9_]*)/gi, (_, name: string) => {
        let i = names.indexOf(name);
        if (i === -1) i = names.push(name) - 1;
        return `$${i + 1}`;
      }),
    );
    found = { text, names };
    namedTexts.set(query, found);
  }
  return found;
}

/** Applies `change` to the parts of the SQL outside '…' and "…" quotes. */
function outsideQuotes(query: string, change: (part: string) => string): string {
  return query
    .split(/('(?:[^']|'')*'|"(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : change(part)))
    .join("");
}

/** PostgreSQL's error code of a failed query (`23505`: unique violation, …), if it is one. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof postgres.PostgresError ? error.code : undefined;
}
