import { strToU8, zipSync } from "fflate";
import { describe, expect, test } from "vitest";
import {
  handleOf,
  parseExport,
  readExportFiles,
  repairMojibake,
} from "../../../site/lib/instagram-export.ts";

/** Instagram's escaping: every UTF-8 byte of the text written as its own \u00xx. */
function misEncode(text: string): string {
  return Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join("");
}

function exportZip(): File {
  const personal = {
    profile_user: [
      {
        string_map_data: {
          Username: { value: "Chloe.Martin" },
          Name: { value: misEncode("Chloé Martin 🌻") },
          Bio: { value: misEncode("Café à Montréal ☕") },
          Website: { value: "https://chloe.example/" },
        },
        media_map_data: { "Profile photo": { uri: "media/profile/photo.jpg" } },
      },
    ],
  };
  const followers = [
    {
      title: "",
      media_list_data: [],
      string_list_data: [{ href: "https://www.instagram.com/ana", value: "ana", timestamp: 1 }],
    },
    {
      title: "Bruno_B",
      media_list_data: [],
      string_list_data: [{ href: "https://www.instagram.com/_u/bruno_b", timestamp: 2 }],
    },
  ];
  const following = {
    relationships_following: [
      { title: "", string_list_data: [{ href: "https://www.instagram.com/_u/zoe.k", timestamp: 3 }] },
      { title: "", string_list_data: [{ value: "not a handle!", timestamp: 4 }] },
    ],
  };
  const zip = zipSync({
    "personal_information/personal_information/personal_information.json": strToU8(JSON.stringify(personal)),
    "connections/followers_and_following/followers_1.json": strToU8(JSON.stringify(followers)),
    "connections/followers_and_following/following.json": strToU8(JSON.stringify(following)),
    "media/profile/photo.jpg": new Uint8Array([0xff, 0xd8, 0xff, 0xe0]),
  });
  return new File([zip], "instagram-chloe.zip", { type: "application/zip" });
}

describe("reading an Instagram export", () => {
  test("repairs mis-encoded accents and emoji, and leaves correct text alone", () => {
    expect(repairMojibake(misEncode("Chloé 🌻"))).toBe("Chloé 🌻");
    expect(repairMojibake("Chloé")).toBe("Chloé");
    expect(repairMojibake("plain")).toBe("plain");
    expect(repairMojibake("déjà 🌻")).toBe("déjà 🌻");
  });

  test("finds the handle in value, title or the href (dropping _u)", () => {
    expect(handleOf({ string_list_data: [{ value: "ana" }] })).toBe("ana");
    expect(handleOf({ title: "bruno", string_list_data: [{}] })).toBe("bruno");
    expect(handleOf({ string_list_data: [{ href: "https://www.instagram.com/_u/zoe.k" }] })).toBe("zoe.k");
  });

  test("turns a ZIP export into the profile, the avatar and both follow lists", async () => {
    const contents = parseExport(await readExportFiles([exportZip()]), "2026-01-01T00:00:00.000Z");
    expect(contents.profile).toMatchObject({
      handle: "Chloe.Martin",
      fullName: "Chloé Martin 🌻",
      bio: "Café à Montréal ☕",
      bioLinks: [{ title: "", url: "https://chloe.example/" }],
      instagramId: null,
      followerCount: 2,
      followingCount: 1,
    });
    expect(contents.avatar?.type).toBe("image/jpeg");
    expect(contents.follows.followers.map((f) => f.handle)).toEqual(["ana", "bruno_b"]);
    expect(contents.follows.following.map((f) => f.handle)).toEqual(["zoe.k"]);
    expect(contents.skipped).toBe(1);
  });

  test("an export without the personal information says what is missing", async () => {
    const file = new File([zipSync({ "x.json": strToU8("[]") })], "x.zip");
    expect(() => parseExport(new Map())).toThrow(/personal_information.json/);
    await expect(readExportFiles([file])).resolves.toBeInstanceOf(Map);
  });
});
