import { describe, expect, it } from "vitest";
import { boundText, parseFollowPage, parseProfile } from "../../../extension/lib/instagram/parse.ts";
import selfInfo from "../../fake-instagram/fixtures/self-info.json" with { type: "json" };
import selfWebProfile from "../../fake-instagram/fixtures/self-web-profile.json" with { type: "json" };
import { useCatalog } from "./catalogs.ts";

// The extension speaks English here, as in an English browser.
useCatalog("en");

const AT = "2026-11-29T03:00:00.000Z";

describe("reading the profile from Instagram", () => {
  it("reads the web_profile_info field names (edge_followed_by, id, profile_pic_url_hd)", () => {
    const parsed = parseProfile([selfWebProfile.data.user], AT);
    expect(parsed).toEqual({
      ok: true,
      value: {
        instagramId: "4815162342",
        handle: "ada.lovelace_92",
        fullName: "Ada Lovelace 🧮",
        bio: "Poetical science ✨🧵 — notes on engines, looms & numbers 🔢",
        bioLinks: [
          { title: "Notes", url: "https://example.org/notes" },
          { title: "Engine", url: "https://engine.example/analytical" },
        ],
        avatarUrl: selfWebProfile.data.user.profile_pic_url_hd,
        isVerified: true,
        isPrivate: false,
        followerCount: 1234,
        followingCount: 321,
        importedAt: AT,
      },
    });
  });

  it("reads the newer field names (pk, follower_count, hd_profile_pic_url_info)", () => {
    const parsed = parseProfile([selfInfo.user], AT);
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        instagramId: "4815162342",
        followerCount: 1234,
        followingCount: 321,
        avatarUrl: selfInfo.user.hd_profile_pic_url_info.url,
        bioLinks: [],
      },
    });
  });

  it("drops javascript: links, cuts over-long text without splitting an emoji, and refuses a bad handle", () => {
    const long = "🙂".repeat(400);
    const parsed = parseProfile(
      [{ id: 5, username: "x", biography: long, bio_links: [{ title: "x", url: "javascript:alert(1)" }] }],
      AT,
    );
    expect(parsed.ok && parsed.value.bio.length).toBe(500);
    expect(parsed.ok && parsed.value.bio.endsWith("🙂")).toBe(true);
    expect(parsed.ok && parsed.value.bioLinks).toEqual([]);
    expect(boundText("a🙂", 2)).toBe("a");
    expect(parseProfile([{ id: "1", username: "<script>" }], AT)).toMatchObject({ ok: false });
    expect(parseProfile([null, "nonsense"], AT)).toMatchObject({ ok: false });
  });
});

describe("reading a follow-list page", () => {
  const user = (over: Record<string, unknown>) => ({
    pk: 1,
    username: "someone",
    full_name: "Some One",
    is_verified: false,
    profile_pic_url: "https://scontent.cdninstagram.com/a.jpg",
    ...over,
  });

  it("keeps valid rows, lower-cases handles and counts malformed rows as skipped", () => {
    const page = parseFollowPage(
      {
        users: [
          user({ username: "Grace.Hopper", pk: undefined, pk_id: "77" }),
          user({ username: "bad name!" }),
          user({ username: "x".repeat(31) }),
          "not a user",
          user({ username: "ok_one", id: "9", pk: undefined, profile_pic_url: "data:image/png;base64,AAA" }),
          user({ username: "GRACE.HOPPER" }),
        ],
        next_max_id: "QVFE",
      },
      "followers",
      AT,
    );
    expect(page).toMatchObject({
      ok: true,
      value: {
        skipped: 3,
        nextCursor: "QVFE",
        rows: [
          { handle: "grace.hopper", instagramId: "77", list: "followers" },
          { handle: "ok_one", instagramId: "9", avatarUrl: null },
        ],
      },
    });
  });

  it("ends the list when next_max_id is missing, whatever has_more says", () => {
    const page = parseFollowPage({ users: [user({})], has_more: true, big_list: false }, "following", AT);
    expect(page.ok && page.value.nextCursor).toBeNull();
  });

  it("refuses a body that is not a page", () => {
    expect(parseFollowPage({ message: "oops" }, "following", AT)).toMatchObject({ ok: false });
    expect(parseFollowPage(null, "following", AT)).toMatchObject({ ok: false });
  });
});
