import fs from "node:fs";
import path from "node:path";
import { COMPRESSIBLE_TYPES, ENCODINGS, type Encoding } from "../../../shared/compressed-files.ts";

/** The encodings an `Accept-Encoding` header takes (`q=0` refuses one). */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? "").split(",")) {
    const [name, ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  return accepted;
}

/**
 * The compressed copy of a built file to send instead of it: one the browser takes, that the build
 * wrote, and no older than the file (a copy left by an earlier build is never sent).
 */
export function compressedCopy(file: string, acceptEncoding: string | undefined): Encoding | null {
  if (!(path.extname(file) in COMPRESSIBLE_TYPES)) return null;
  const accepted = acceptedEncodings(acceptEncoding);
  const original = fileStat(file);
  if (!original) return null;
  for (const encoding of ENCODINGS) {
    if (!accepted.has(encoding.name)) continue;
    const copy = fileStat(file + encoding.extension);
    if (copy && copy.mtimeMs >= original.mtimeMs) return encoding;
  }
  return null;
}

/** A file's stat, or null when it is no file (a name the system refuses included: too long, not a folder). */
function fileStat(file: string): fs.Stats | null {
  try {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    return stat?.isFile() ? stat : null;
  } catch {
    return null;
  }
}
