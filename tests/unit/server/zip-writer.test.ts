import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterEach, describe, expect, it } from "vitest";
import { ZipWriter, type ZipLimits, type ZipSink } from "../../../site/server/archive/zip-writer.ts";

/**
 * The archive's ZIP, read back by Info-ZIP's unzip (an independent reader: `unzip -t` checks every
 * file's CRC, `zipinfo` lists the central directory) and by fflate.
 */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-zip-"));
  dirs.push(dir);
  return path.join(dir, "test.zip");
}

/** A sink into a file, as the archive's reader would take it: one write at a time. */
function fileSink(file: string): ZipSink & { close(): void } {
  const fd = fs.openSync(file, "w");
  return {
    write: async (chunk) => void fs.writeSync(fd, chunk),
    close: () => fs.closeSync(fd),
  };
}

async function writeZip(
  file: string,
  fill: (zip: ZipWriter) => Promise<void>,
  limits?: ZipLimits,
): Promise<void> {
  const sink = fileSink(file);
  try {
    const zip = new ZipWriter(sink, limits);
    await fill(zip);
    await zip.end();
  } finally {
    sink.close();
  }
}

const unzipTest = (file: string, ...names: string[]) =>
  execFileSync("unzip", ["-t", file, ...names], { encoding: "utf8" });

describe("the archive's ZIP writer", () => {
  it("writes compressed text and stored files that unzip tests whole and fflate reads back byte for byte", async () => {
    const file = tempFile();
    const photo = new Uint8Array(70_000).map((_, i) => (i * 7919) % 251);
    const when = new Date(2026, 10, 3, 14, 30, 8);
    await writeZip(file, async (zip) => {
      await zip.file("posts.json", ['[\n  "Été ', "à Paris ✨", '"\n]\n'], { mtime: when });
      await zip.file("media/photo.jpg", [photo.subarray(0, 1000), photo.subarray(1000)], {
        compress: false,
        mtime: when,
      });
      await zip.file("empty.txt", [], { mtime: when });
      await zip.file(
        "à lire.txt",
        (async function* () {
          yield "lu";
        })(),
      );
    });
    expect(unzipTest(file)).toContain("No errors detected");
    const listing = execFileSync("zipinfo", [file], { encoding: "utf8" });
    expect(listing).toMatch(/-rw-r--r--.* defN .* posts\.json/);
    expect(listing).toMatch(/-rw-r--r--.* stor .* media\/photo\.jpg/);
    expect(listing).toContain("26-Nov-03 14:30 posts.json");
    const files = unzipSync(fs.readFileSync(file));
    expect(Object.keys(files)).toEqual(["posts.json", "media/photo.jpg", "empty.txt", "à lire.txt"]);
    expect(strFromU8(files["posts.json"]!)).toBe('[\n  "Été à Paris ✨"\n]\n');
    expect(files["media/photo.jpg"]).toEqual(photo);
    expect(files["empty.txt"]).toEqual(new Uint8Array(0));
  });

  it("writes ZIP64 offsets and end records where the 32-bit fields would run out", async () => {
    // The limits lowered: files from byte 100 on and more than 2 files take the ZIP64 forms.
    const file = tempFile();
    await writeZip(
      file,
      async (zip) => {
        for (const name of ["one.txt", "two.txt", "three.txt", "four.bin"])
          await zip.file(name, [`${name} `.repeat(40)], { compress: name.endsWith(".txt") });
      },
      { zip64From: 100, zip64Files: 2 },
    );
    const bytes = fs.readFileSync(file);
    // The ZIP64 end record and its locator come before the classic end record.
    expect(bytes.readUInt32LE(bytes.length - 22 - 20)).toBe(0x07064b50);
    expect(bytes.readUInt32LE(bytes.length - 22 - 20 - 56)).toBe(0x06064b50);
    expect(bytes.readUInt16LE(bytes.length - 22 + 10)).toBe(0xffff);
    expect(unzipTest(file)).toContain("No errors detected in compressed data");
    const files = unzipSync(bytes);
    expect(strFromU8(files["four.bin"]!)).toBe("four.bin ".repeat(40));
    expect(strFromU8(files["three.txt"]!)).toBe("three.txt ".repeat(40));
  });

  it(
    "holds more than 65,535 files and files past 4 GiB, as unzip reads them",
    { timeout: 180_000 },
    async () => {
      const file = tempFile();
      const gib = 1024 ** 3;
      const zeros = new Uint8Array(8 << 20);
      async function* bytes(length: number) {
        for (let left = length; left > 0; left -= zeros.length)
          yield zeros.subarray(0, Math.min(left, zeros.length));
      }
      await writeZip(file, async (zip) => {
        await zip.file("media/first.bin", bytes(2.1 * gib), { compress: false });
        await zip.file("media/second.bin", bytes(2.1 * gib), { compress: false });
        for (let i = 0; i < 66_000; i++) await zip.file(`posts/${i}.txt`, [`post ${i}`]);
      });
      expect(fs.statSync(file).size).toBeGreaterThan(4.2 * gib);
      const listing = execFileSync("unzip", ["-l", file], { encoding: "utf8", maxBuffer: 64 << 20 });
      expect(listing.trim().split("\n").at(-1)).toMatch(/^\s*\d+\s+66002 files$/);
      // The files after 4 GiB, found through their ZIP64 offsets and checked.
      expect(unzipTest(file, "posts/0.txt", "posts/65999.txt")).toContain("No errors detected");
      const last = execFileSync("unzip", ["-p", file, "posts/65999.txt"], { encoding: "utf8" });
      expect(last).toBe("post 65999");
    },
  );

  it(
    "refuses a file of more than 4 GiB rather than write a ZIP that lies about its size",
    { timeout: 60_000 },
    async () => {
      const zip = new ZipWriter({ write: async () => {} });
      const big = new Uint8Array(64 << 20);
      const chunks = function* () {
        for (let i = 0; i < 65; i++) yield big;
      };
      await expect(zip.file("media/huge.bin", chunks(), { compress: false })).rejects.toThrow(
        "media/huge.bin is larger than a ZIP file can hold without ZIP64 sizes (4 GiB)",
      );
    },
  );
});
