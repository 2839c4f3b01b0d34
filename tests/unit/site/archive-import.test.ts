import { describe, expect, it } from "vitest";
import { ARCHIVE_FORMAT, ARCHIVE_VERSION } from "../../../shared/archive.ts";
import { ZipWriter, type ZipLimits } from "../../../site/server/archive/zip-writer.ts";
import { ArchiveError, openArchive } from "../../../site/lib/archive-import/archive.ts";
import { entryBlob, readZipDirectory, ZipError } from "../../../site/lib/archive-import/zip-reader.ts";
import { serverAccount } from "./fixtures.ts";

/**
 * The site's reader of P92 archives: ZIPs as the server's writer makes them (ZIP64 forms too),
 * read from a Blob by slices, and archives that are damaged, hostile or not P92's refused clearly.
 */

type Fill = (zip: ZipWriter) => Promise<void>;

async function zipOf(fill: Fill, limits?: ZipLimits): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  const zip = new ZipWriter({ write: async (chunk) => void chunks.push(chunk.slice()) }, limits);
  await fill(zip);
  await zip.end();
  return new Uint8Array(Buffer.concat(chunks));
}

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const source = (bytes: Uint8Array) =>
  async function* () {
    yield bytes;
  };
const photo = new Uint8Array(70_000).map((_, i) => (i * 7919) % 251);

describe("the archive's ZIP reader", () => {
  it("reads compressed text and stored files back byte for byte, a stored file as a slice of the file", async () => {
    const blob = new Blob([
      await zipOf(async (zip) => {
        await zip.file("posts.json", ['[\n  "Été ', 'à Paris ✨"\n]\n']);
        await zip.storedFile("media/photo.jpg", source(photo));
        await zip.file("empty.txt", []);
      }),
    ]);
    const entries = await readZipDirectory(blob);
    expect([...entries.keys()]).toEqual(["posts.json", "media/photo.jpg", "empty.txt"]);
    expect(await (await entryBlob(blob, entries.get("posts.json")!)).text()).toBe(
      '[\n  "Été à Paris ✨"\n]\n',
    );
    const stored = await entryBlob(blob, entries.get("media/photo.jpg")!, "image/jpeg");
    expect(stored.type).toBe("image/jpeg");
    expect(await bytesOf(stored)).toEqual(photo);
    expect((await entryBlob(blob, entries.get("empty.txt")!)).size).toBe(0);
  });

  it("reads ZIP64 sizes, offsets and end records", async () => {
    const text = (name: string) => `${name} `.repeat(40);
    const blob = new Blob([
      await zipOf(
        async (zip) => {
          await zip.file("one.txt", [text("one.txt")]);
          await zip.storedFile("two.bin", source(Buffer.from(text("two.bin"))));
          await zip.file("three.txt", [text("three.txt")]);
          await zip.file("four.txt", [text("four.txt")]);
        },
        { zip64From: 100, zip64Files: 4 },
      ),
    ]);
    const entries = await readZipDirectory(blob);
    expect(entries.size).toBe(4);
    for (const name of ["one.txt", "two.bin", "three.txt", "four.txt"])
      expect(await (await entryBlob(blob, entries.get(name)!)).text()).toBe(text(name));
  });

  it("refuses what is not a ZIP, a ZIP cut short and an entry that inflates past its announced size", async () => {
    await expect(readZipDirectory(new Blob(["just some text, no archive"]))).rejects.toThrow(ZipError);
    const whole = await zipOf(async (zip) => {
      await zip.file("posts.json", ["x".repeat(10_000)]);
    });
    await expect(readZipDirectory(new Blob([whole.subarray(0, whole.length - 30)]))).rejects.toThrow(
      ZipError,
    );
    // The central directory says 100 bytes; the data inflates to 10,000 (a "ZIP bomb" in small).
    const hostile = Buffer.from(whole);
    const central = hostile.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    hostile.writeUInt32LE(100, central + 24);
    const blob = new Blob([hostile]);
    const entry = (await readZipDirectory(blob)).get("posts.json")!;
    expect(entry.size).toBe(100);
    await expect(entryBlob(blob, entry)).rejects.toThrow("holds more than it announces");
  });
});

/** An archive as "Download my data" writes it, with `change` applied to its files. */
async function archiveOf(change: (files: Record<string, unknown>) => void = () => undefined): Promise<Blob> {
  const files: Record<string, unknown> = {
    "archive.json": {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      exportedAt: "2026-11-30T10:00:00.000Z",
      server: "https://old.example",
      handle: "ana",
      language: "en",
    },
    "profile.json": { account: serverAccount("ana", "https://old.example"), avatar: "media/avatar.png" },
    "posts.json": [
      post("https://old.example/api/posts/2", "2026-02-01T08:00:00.000Z", "Second", ["media/photo.jpg"]),
      { ...post("https://old.example/api/posts/9", "2026-03-01T08:00:00.000Z", "Damaged"), text: 42 },
      post("https://old.example/api/posts/1", "2025-12-24T20:00:00.000Z", "First"),
      // Dated a day ahead of this clock: the server would refuse it, so it is left out.
      post("https://old.example/api/posts/8", new Date(Date.now() + 86_400_000).toISOString(), "Tomorrow"),
    ],
    "following.json": [
      { handle: "ben@old.example", actor: "https://old.example/api/accounts/ben" },
      { handle: "<script>", actor: "https://old.example/x" },
    ],
    "follow-requests.json": [{ handle: "cara@far.example", actor: "https://far.example/users/cara" }],
  };
  change(files);
  return new Blob([
    await zipOf(async (zip) => {
      for (const [name, value] of Object.entries(files)) await zip.file(name, [JSON.stringify(value)]);
      await zip.storedFile("media/photo.jpg", source(photo));
    }),
  ]);
}

function post(url: string, createdAt: string, text: string, media: string[] = []) {
  return {
    id: url.split("/").at(-1),
    url,
    text,
    links: [],
    createdAt,
    editedAt: null,
    visibility: "public",
    contentWarning: null,
    sensitive: false,
    replyTo: null,
    quoteOf: null,
    replyToUrl: null,
    quoteOfUrl: null,
    replyPolicy: "everyone",
    media: media.map((file) => ({
      file,
      kind: "image",
      mimeType: "image/jpeg",
      alt: "",
      width: 1,
      height: 1,
      duration: null,
    })),
    earlierTexts: [],
  };
}

describe("opening a P92 archive", () => {
  it("reads its profile, its posts oldest first (a damaged one left out), its follows and its files", async () => {
    const archive = await openArchive(await archiveOf());
    expect(archive.server).toBe("https://old.example");
    expect(archive.handle).toBe("ana");
    // The avatar it names is missing: the archive opens without it.
    expect(archive.avatar).toBeNull();
    const { posts, skipped } = await archive.posts();
    expect(posts.map((p) => p.text)).toEqual(["First", "Second"]);
    expect(skipped).toBe(2);
    expect(archive.follows).toEqual(["ben@old.example", "cara@far.example"]);
    expect(await bytesOf((await archive.mediaFile("media/photo.jpg", "image/jpeg"))!)).toEqual(photo);
    // Only the media folder's files are read as media.
    expect(await archive.mediaFile("posts.json", "")).toBeNull();
  });

  it("says what is wrong with a file that is not a P92 archive of this version", async () => {
    const refused = async (blob: Blob, message: string) => {
      const opening = openArchive(blob);
      await expect(opening).rejects.toThrow(ArchiveError);
      await expect(opening).rejects.toThrow(message);
    };
    await refused(new Blob(["not a zip"]), "not a ZIP file");
    await refused(
      await archiveOf((files) => delete files["archive.json"]),
      "archive.json is missing: this is not a P92 archive",
    );
    await refused(
      await archiveOf((files) => ((files["archive.json"] as { version: number }).version = 2)),
      "its format is version 2; this site reads version 1",
    );
    await refused(
      await archiveOf(
        (files) => ((files["profile.json"] as { account: { handle: string } }).account.handle = "<b>"),
      ),
      "profile.json",
    );
  });
});
