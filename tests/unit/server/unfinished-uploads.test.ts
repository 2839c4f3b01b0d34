import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { removeUnfinishedUploads, UPLOAD_PREFIX } from "../../../site/server/media/files.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-leftovers-"));
afterEach(() => {
  for (const name of fs.readdirSync(dir)) fs.rmSync(path.join(dir, name));
});

it("removes only the upload leftovers last written before the cutoff, and nothing else", async () => {
  const old = path.join(dir, `${UPLOAD_PREFIX}old`);
  const receiving = path.join(dir, `${UPLOAD_PREFIX}receiving`);
  const stored = path.join(dir, "abc.jpg");
  for (const file of [old, receiving, stored]) fs.writeFileSync(file, "x");
  const hourAgo = new Date(Date.now() - 3600_000);
  fs.utimesSync(old, hourAgo, hourAgo);
  fs.utimesSync(stored, hourAgo, hourAgo);
  // Another process may still be writing `receiving` (PostgreSQL: processes share the folder).
  expect(await removeUnfinishedUploads(dir, Date.now() - 60_000)).toBe(1);
  expect(fs.readdirSync(dir).sort()).toEqual([`${UPLOAD_PREFIX}receiving`, "abc.jpg"]);
  // At a SQLite server's start (one process), every leftover goes.
  expect(await removeUnfinishedUploads(dir, Infinity)).toBe(1);
  expect(fs.readdirSync(dir)).toEqual(["abc.jpg"]);
});
