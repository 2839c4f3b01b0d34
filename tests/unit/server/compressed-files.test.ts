import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acceptedEncodings, compressedCopy } from "../../../site/server/http/compressed-files.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A built file with compressed copies written `copyAgeMs` after it (negative: before). */
function builtFile(name: string, copies: string[], copyAgeMs = 0): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-compressed-"));
  dirs.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, "x".repeat(2000));
  for (const extension of copies) {
    fs.writeFileSync(file + extension, "compressed");
    const when = new Date(Date.now() + copyAgeMs);
    fs.utimesSync(file + extension, when, when);
  }
  return file;
}

describe("compressed copies of built files", () => {
  it("sends brotli when the browser takes it, else gzip", () => {
    const file = builtFile("app.js", [".br", ".gz"]);
    expect(compressedCopy(file, "gzip, deflate, br, zstd")?.name).toBe("br");
    expect(compressedCopy(file, "gzip")?.name).toBe("gzip");
    expect(compressedCopy(file, "br;q=0, gzip;q=0.5")?.name).toBe("gzip");
  });

  it("sends the file itself to a browser that takes no encoding, or when no copy was built", () => {
    expect(compressedCopy(builtFile("app.js", [".br"]), undefined)).toBeNull();
    expect(compressedCopy(builtFile("app.js", [".br"]), "identity")).toBeNull();
    expect(compressedCopy(builtFile("app.js", []), "br, gzip")).toBeNull();
  });

  it("never sends a copy older than its file, left by an earlier build", () => {
    expect(compressedCopy(builtFile("index.html", [".br"], -60_000), "br")).toBeNull();
  });

  it("leaves images and packages alone, and answers null for a path that names no file", () => {
    expect(compressedCopy(builtFile("icon.png", [".br"]), "br")).toBeNull();
    const file = builtFile("favicon.svg", []);
    expect(compressedCopy(path.join(file, "inside.js"), "br")).toBeNull();
  });

  it("reads q=0 as a refusal", () => {
    expect([...acceptedEncodings("br;q=0, gzip, *;q=0.1")]).toEqual(["gzip", "*"]);
  });
});
