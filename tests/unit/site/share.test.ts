import "fake-indexeddb/auto";
import { beforeEach, describe, expect, test } from "vitest";
import { POST_MAX_UTF16 } from "../../../shared/post-length.ts";
import { LIMITS } from "../../../shared/schema/common.ts";
import { db } from "../../../site/lib/db.ts";
import {
  dropSharedFiles,
  readShare,
  saveShare,
  shareFromForm,
  takeShareText,
} from "../../../site/lib/share.ts";

const form = (fields: Record<string, string>, files: File[] = []) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  for (const file of files) data.append("media", file);
  return data;
};
const photo = (name: string, bytes = 10) => new File([new Uint8Array(bytes)], name, { type: "image/png" });

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
});

describe("what another app shares into P92", () => {
  test("title, text and link become one text, a link already in the text said once", () => {
    expect(shareFromForm(form({ title: "Soir", text: "Regardez", url: "https://example.org/a" })).text).toBe(
      "Soir\n\nRegardez\n\nhttps://example.org/a",
    );
    expect(
      shareFromForm(form({ title: "", text: "Lisez https://example.org/a", url: "https://example.org/a" }))
        .text,
    ).toBe("Lisez https://example.org/a");
  });

  test("is bounded: text cut at the post's size bound, files past a post's count skipped by name", () => {
    const huge = "é".repeat(POST_MAX_UTF16 * 3);
    const files = Array.from({ length: LIMITS.mediaPerPost + 2 }, (_, i) => photo(`p${i}.png`));
    const share = shareFromForm(form({ text: huge }, files));
    expect(share.text.length).toBe(POST_MAX_UTF16);
    expect(share.files).toHaveLength(LIMITS.mediaPerPost);
    expect(share.skipped).toEqual([`p${LIMITS.mediaPerPost}.png`, `p${LIMITS.mediaPerPost + 1}.png`]);
  });

  test("waits on the device until the composer took its text and uploaded each file", async () => {
    await saveShare(shareFromForm(form({ text: "Bonjour" }, [photo("a.png"), photo("b.png")])));
    const saved = await readShare();
    expect(saved?.files.map((file) => file.name)).toEqual(["a.png", "b.png"]);
    await takeShareText();
    expect(await readShare()).toMatchObject({ text: "", skipped: [] });
    await dropSharedFiles([saved!.files[0]!.id]);
    expect((await readShare())?.files.map((file) => file.name)).toEqual(["b.png"]);
    await dropSharedFiles([saved!.files[1]!.id]);
    // Nothing left to take: the share is gone.
    expect(await readShare()).toBeNull();
  });

  test("a second share joins the one still waiting: texts joined, files kept up to a post's number", async () => {
    const many = Array.from({ length: LIMITS.mediaPerPost - 1 }, (_, i) => photo(`a${i}.png`));
    await saveShare(shareFromForm(form({ text: "Premier" }, many)));
    await saveShare(shareFromForm(form({ text: "Second" }, [photo("b0.png"), photo("b1.png")])));
    const share = await readShare();
    expect(share?.text).toBe("Premier\n\nSecond");
    expect(share?.files).toHaveLength(LIMITS.mediaPerPost);
    expect(share?.files.at(-1)?.name).toBe("b0.png");
    expect(share?.skipped).toEqual(["b1.png"]);
  });

  test("an empty share leaves nothing to take", async () => {
    await saveShare(shareFromForm(form({ title: " ", text: "" })));
    expect(await readShare()).toBeNull();
  });

  test("says at most ten names of the files it could not keep", () => {
    const files = Array.from({ length: LIMITS.mediaPerPost + 30 }, (_, i) => photo(`p${i}.png`));
    expect(shareFromForm(form({}, files)).skipped).toHaveLength(10);
  });
});
