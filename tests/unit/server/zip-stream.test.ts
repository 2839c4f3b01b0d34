import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it, vi } from "vitest";
import { zipStream } from "../../../site/server/archive/zip-stream.ts";

/** Reads a stream whole. */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("an archive's ZIP stream", () => {
  it("holds every file written, compressed or stored as it is", async () => {
    const stream = zipStream(async (zip) => {
      await zip.file("a.json", ["[", "1", "]"]);
      await zip.file("media/b.bin", [new Uint8Array([1, 2, 3])], { compress: false });
    }, vi.fn());
    const files = unzipSync(await readAll(stream));
    expect(strFromU8(files["a.json"]!)).toBe("[1]");
    expect([...files["media/b.bin"]!]).toEqual([1, 2, 3]);
  });

  it("is written no faster than it is read, and stops when its reader goes away", async () => {
    let produced = 0;
    const chunk = new Uint8Array(256 * 1024).fill(7);
    const onError = vi.fn();
    const stream = zipStream(async (zip) => {
      await zip.file(
        "big.bin",
        (function* () {
          for (let i = 0; i < 1000; i++) {
            produced++;
            yield chunk;
          }
        })(),
        { compress: false },
      );
    }, onError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Nobody read yet: about a megabyte is made ahead, not 250.
    expect(produced).toBeLessThan(10);
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(produced).toBeLessThan(20);
    expect(onError).not.toHaveBeenCalled();
  });

  it("fails the download, rather than ending it as if whole, when writing fails", async () => {
    const onError = vi.fn();
    const stream = zipStream(async (zip) => {
      await zip.file("a.json", ["["]);
      throw new Error("the disk is gone");
    }, onError);
    await expect(readAll(stream)).rejects.toThrow("the disk is gone");
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: "the disk is gone" }));
  });
});
