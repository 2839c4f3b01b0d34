/**
 * Where an Instagram import stands: the one object the extension's background writes, and the
 * popup, the button on instagram.com and the site (through the bridge's `progress` event) render.
 * The Instagram client's failure codes are the problem codes here.
 */
import * as v from "valibot";
import { Count } from "./schema/common.ts";

const Timestamp = v.pipe(v.string(), v.maxLength(40));

/** How far one list's import has come. */
export const ListProgress = v.object({
  fetched: Count,
  /** Instagram's count for the list, when known. */
  total: v.nullable(Count),
  /** Rows Instagram sent that failed validation and were left out. */
  skipped: Count,
  done: v.boolean(),
});
export type ListProgress = v.InferOutput<typeof ListProgress>;

export const ImportProblemCode = v.picklist([
  "signed-out",
  "checkpoint",
  "rate-limited",
  "network",
  "no-instagram-tab",
  "cancelled",
  "unexpected",
]);
export type ImportProblemCode = v.InferOutput<typeof ImportProblemCode>;

/** Why an import stopped, with a sentence for people. */
export const ImportProblem = v.object({
  code: ImportProblemCode,
  message: v.pipe(v.string(), v.maxLength(500)),
});
export type ImportProblem = v.InferOutput<typeof ImportProblem>;

/** The whole import's state. */
export const ImportProgress = v.object({
  status: v.picklist(["idle", "running", "waiting", "done", "cancelled", "failed"]),
  profile: v.picklist(["pending", "done", "failed"]),
  following: ListProgress,
  followers: ListProgress,
  /** While `waiting`: when the import resumes after Instagram asked to slow down (ISO time). */
  resumeAt: v.nullable(Timestamp),
  problem: v.nullable(ImportProblem),
  updatedAt: Timestamp,
});
export type ImportProgress = v.InferOutput<typeof ImportProgress>;
