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

/** The same bytes at every read, in chunks. */
const source = (...chunks: Uint8Array[]) =>
  async function* () {
    yield* chunks;
  };

const unzip = (...args: string[]) =>
  execFileSync("unzip", args, { encoding: "utf8", maxBuffer: 64 << 20, env: { ...process.env, TZ: "UTC" } });

/** The general-purpose flags of every local header, in order (bit 3: a data descriptor follows). */
function localFlags(bytes: Buffer): Record<string, number> {
  const flags: Record<string, number> = {};
  for (let at = bytes.indexOf("PK\x03\x04"); at >= 0; at = bytes.indexOf("PK\x03\x04", at + 4)) {
    const nameLength = bytes.readUInt16LE(at + 26);
    flags[bytes.toString("utf8", at + 30, at + 30 + nameLength)] = bytes.readUInt16LE(at + 6);
  }
  return flags;
}

describe("the archive's ZIP writer", () => {
  it("writes compressed text and stored files that unzip tests whole and fflate reads back byte for byte", async () => {
    const file = tempFile();
    const photo = new Uint8Array(70_000).map((_, i) => (i * 7919) % 251);
    const when = new Date(Date.UTC(2026, 10, 3, 14, 30, 8));
    await writeZip(file, async (zip) => {
      await zip.file("posts.json", ['[\n  "Été ', "à Paris ✨", '"\n]\n'], when);
      await zip.storedFile("media/photo.jpg", source(photo.subarray(0, 1000), photo.subarray(1000)), when);
      await zip.file("empty.txt", [], when);
      await zip.file(
        "à lire.txt",
        (async function* () {
          yield "lu";
        })(),
      );
    });
    expect(unzip("-t", file)).toContain("No errors detected");
    // The time in UTC (the extended timestamp field), whatever the server's time zone.
    const listing = execFileSync("zipinfo", [file], { encoding: "utf8", env: { ...process.env, TZ: "UTC" } });
    expect(listing).toMatch(/-rw-r--r--.* defN 26-Nov-03 14:30 posts\.json/);
    expect(listing).toMatch(/-rw-r--r--.* stor 26-Nov-03 14:30 media\/photo\.jpg/);
    const bytes = fs.readFileSync(file);
    // A stored file has its CRC and sizes before its bytes: no data descriptor, which some
    // readers (Java's ZipInputStream) refuse for stored files.
    expect(localFlags(bytes)).toEqual({
      "posts.json": 0x0808,
      "media/photo.jpg": 0x0800,
      "empty.txt": 0x0808,
      "à lire.txt": 0x0808,
    });
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toEqual(["posts.json", "media/photo.jpg", "empty.txt", "à lire.txt"]);
    expect(strFromU8(files["posts.json"]!)).toBe('[\n  "Été à Paris ✨"\n]\n');
    expect(files["media/photo.jpg"]).toEqual(photo);
    expect(files["empty.txt"]).toEqual(new Uint8Array(0));
  });

  it("writes ZIP64 fields and end records where the 32-bit fields would run out", async () => {
    // The limits lowered: files from byte 100 on, and 4 files or more, take the ZIP64 forms.
    const file = tempFile();
    const text = (name: string) => `${name} `.repeat(40);
    await writeZip(
      file,
      async (zip) => {
        await zip.file("one.txt", [text("one.txt")]);
        await zip.file("two.txt", [text("two.txt")]);
        await zip.storedFile("three.bin", source(Buffer.from(text("three.bin"))));
        await zip.file("four.txt", [text("four.txt")]);
      },
      { zip64From: 100, zip64Files: 4 },
    );
    const bytes = fs.readFileSync(file);
    // The ZIP64 end record and its locator come before the classic end record.
    expect(bytes.readUInt32LE(bytes.length - 22 - 20)).toBe(0x07064b50);
    expect(bytes.readUInt32LE(bytes.length - 22 - 20 - 56)).toBe(0x06064b50);
    expect(bytes.readUInt16LE(bytes.length - 22 + 10)).toBe(0xffff);
    expect(unzip("-t", file)).toContain("No errors detected in compressed data");
    const files = unzipSync(bytes);
    expect(strFromU8(files["three.bin"]!)).toBe(text("three.bin"));
    expect(strFromU8(files["four.txt"]!)).toBe(text("four.txt"));
    // Python's zipfile, a third reader, where there is one.
    const python = [
      "python3",
      "-c",
      "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).testzip())",
      file,
    ];
    const tested = (() => {
      try {
        return execFileSync(python[0]!, python.slice(1), { encoding: "utf8" });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return "None\n";
        throw error;
      }
    })();
    expect(tested).toBe("None\n");
  });

  it(
    "holds more than 65,535 files and files past 4 GiB, as unzip reads them",
    { timeout: 180_000 },
    async () => {
      const file = tempFile();
      const gib = 1024 ** 3;
      const zeros = new Uint8Array(8 << 20);
      const bytes = (length: number) =>
        async function* () {
          for (let left = length; left > 0; left -= zeros.length)
            yield zeros.subarray(0, Math.min(left, zeros.length));
        };
      await writeZip(file, async (zip) => {
        await zip.storedFile("media/first.bin", bytes(2.1 * gib));
        await zip.storedFile("media/second.bin", bytes(2.1 * gib));
        await zip.storedFile("media/third.bin", source(Buffer.from("after 4 GiB")));
        for (let i = 0; i < 66_000; i++) await zip.file(`posts/${i}.txt`, [`post ${i}`]);
      });
      expect(fs.statSync(file).size).toBeGreaterThan(4.2 * gib);
      const listing = unzip("-l", file);
      expect(listing.trim().split("\n").at(-1)).toMatch(/^\s*\d+\s+66003 files$/);
      // The files after 4 GiB, found through their ZIP64 offsets and checked.
      expect(unzip("-t", file, "media/third.bin", "posts/0.txt", "posts/65999.txt")).toContain(
        "No errors detected",
      );
      expect(unzip("-p", file, "media/third.bin")).toBe("after 4 GiB");
      expect(unzip("-p", file, "posts/65999.txt")).toBe("post 65999");
    },
  );

  it(
    "refuses a file of 4 GiB or more rather than write a ZIP that lies about its size",
    { timeout: 60_000 },
    async () => {
      const zip = new ZipWriter({ write: async () => {} });
      const big = new Uint8Array(64 << 20);
      const chunks = async function* () {
        for (let i = 0; i < 64; i++) yield big;
      };
      await expect(zip.storedFile("media/huge.bin", chunks)).rejects.toThrow(
        "media/huge.bin is larger than a file of this ZIP may be (4 GiB)",
      );
    },
  );

  it("fails a stored file whose bytes changed between its two reads", async () => {
    const zip = new ZipWriter({ write: async () => {} });
    let reads = 0;
    const changing = async function* () {
      yield Buffer.from(reads++ === 0 ? "first" : "other");
    };
    await expect(zip.storedFile("media/a.bin", changing)).rejects.toThrow(
      "media/a.bin changed while it was written",
    );
  });
});
