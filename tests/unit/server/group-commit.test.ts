import { DatabaseSync } from "node:sqlite";
import { expect, test } from "vitest";
import { GroupCommit } from "../../../site/server/storage/sqlite/group-commit.ts";

function database() {
  const db = new DatabaseSync(":memory:");
  db.exec("CREATE TABLE notes (text TEXT NOT NULL)");
  return db;
}
const count = (db: DatabaseSync) => (db.prepare("SELECT count(*) AS n FROM notes").get() as { n: number }).n;

test("one failing write is refused alone; the others of its batch are stored", async () => {
  const db = database();
  const writes = new GroupCommit(db);
  const insert = (text: string | null) => () => db.prepare("INSERT INTO notes (text) VALUES (?)").run(text);
  const results = await Promise.allSettled([
    writes.run(insert("a")),
    writes.run(insert(null)),
    writes.run(insert("c")),
  ]);
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect(count(db)).toBe(2);
});

test("when SQLite drops the whole transaction, every write of the batch is refused and the server goes on", async () => {
  const db = database();
  const writes = new GroupCommit(db);
  const insert = () => db.prepare("INSERT INTO notes (text) VALUES ('x')").run();
  // What SQLite does on a full disk or an I/O error: the transaction is gone under the writer.
  const lost = () => {
    insert();
    db.exec("ROLLBACK");
    throw new Error("disk full");
  };
  const results = await Promise.allSettled([writes.run(insert), writes.run(lost), writes.run(insert)]);
  expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
  expect(count(db)).toBe(0);
  await expect(writes.run(insert)).resolves.toBeDefined();
  expect(count(db)).toBe(1);
});
