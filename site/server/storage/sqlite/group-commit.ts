import type { DatabaseSync, StatementSync } from "node:sqlite";

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes that arrive while the event loop is busy are run together in one
 * transaction (each inside its own savepoint, so one failing write does not undo the others) and
 * committed with one fsync. Every promise settles only after COMMIT returned, so an acknowledged
 * write is durable (`synchronous = FULL`), yet the fsync cost is shared by the whole batch.
 */
export class GroupCommit {
  readonly #db: DatabaseSync;
  /** Compiled once: every write of a batch opens and closes its own savepoint. */
  readonly #savepoint: { open: StatementSync; release: StatementSync; undo: StatementSync };
  #queue: Pending[] = [];
  #scheduled = false;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#savepoint = {
      open: db.prepare("SAVEPOINT write"),
      release: db.prepare("RELEASE write"),
      undo: db.prepare("ROLLBACK TO write"),
    };
  }

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    const db = this.#db;
    const savepoint = this.#savepoint;
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      db.exec("BEGIN IMMEDIATE");
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    for (const item of batch) {
      try {
        savepoint.open.run();
        try {
          const value = item.work();
          savepoint.release.run();
          outcomes.push({ ok: true, value });
        } catch (error) {
          savepoint.undo.run();
          savepoint.release.run();
          outcomes.push({ ok: false, value: error });
        }
      } catch (error) {
        // SQLite itself rolled the whole transaction back (disk full, I/O error), so the savepoint
        // is gone: nothing of this batch is stored, and every write in it is refused.
        if (db.isTransaction) db.exec("ROLLBACK");
        for (const each of batch) each.reject(error);
        return;
      }
    }
    try {
      db.exec("COMMIT");
    } catch (error) {
      if (db.isTransaction) db.exec("ROLLBACK");
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.value);
    });
  }
}
