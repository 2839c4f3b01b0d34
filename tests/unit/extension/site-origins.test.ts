import { describe, expect, it } from "vitest";
import { isInstagramImageUrl } from "../../../extension/lib/background/avatar.ts";
import { isProfilePathOf } from "../../../extension/lib/instagram-tab/own-profile.ts";
import { normalizeSiteOrigin } from "../../../extension/lib/site-origins.ts";
import { useCatalog } from "./catalogs.ts";

// The extension speaks English here, as in an English browser.
useCatalog("en");

describe("P92 sites added in the options", () => {
  it("keeps only the origin of what the person typed", () => {
    expect(normalizeSiteOrigin("https://p92.example/feed?x=1")).toEqual({
      ok: true,
      origin: "https://p92.example",
    });
    expect(normalizeSiteOrigin("p92.example")).toEqual({ ok: true, origin: "https://p92.example" });
    expect(normalizeSiteOrigin("http://localhost:4400/")).toEqual({
      ok: true,
      origin: "http://localhost:4400",
    });
  });

  it("refuses plain http beyond this computer, other schemes and credentials", () => {
    expect(normalizeSiteOrigin("http://p92.example")).toMatchObject({ ok: false, message: /https/ });
    expect(normalizeSiteOrigin("ftp://p92.example")).toMatchObject({ ok: false });
    expect(normalizeSiteOrigin("javascript:alert(1)")).toMatchObject({ ok: false });
    expect(normalizeSiteOrigin("https://me:pw@p92.example")).toMatchObject({ ok: false });
    expect(normalizeSiteOrigin("  ")).toMatchObject({ ok: false });
  });

  it("refuses wildcards, whatever their place, with a message that says so", () => {
    for (const input of [
      "*",
      "*.example.com",
      "https://*.example.com",
      "http://*:4321",
      "https://p92.*",
      "https://%2A.example.com",
    ]) {
      expect(normalizeSiteOrigin(input), input).toEqual({
        ok: false,
        message: expect.stringMatching(/^Wildcards \(\*\) are not accepted/),
      });
    }
  });
});

describe("what the Instagram tab trusts", () => {
  it("downloads avatars from Instagram's image hosts only", () => {
    expect(isInstagramImageUrl("https://scontent-cdg4-1.cdninstagram.com/v/a.jpg")).toBe(true);
    expect(isInstagramImageUrl("https://instagram.fcdg1-1.fna.fbcdn.net/v/a.jpg")).toBe(true);
    expect(isInstagramImageUrl("http://scontent.cdninstagram.com/a.jpg")).toBe(false);
    expect(isInstagramImageUrl("https://evilcdninstagram.com/a.jpg")).toBe(false);
    expect(isInstagramImageUrl("https://cdninstagram.com.evil.example/a.jpg")).toBe(false);
  });

  it("recognises the own profile page whatever the case, and nothing else", () => {
    expect(isProfilePathOf("/Ada.Lovelace_92/", "ada.lovelace_92")).toBe(true);
    expect(isProfilePathOf("/ada.lovelace_92/tagged/", "ada.lovelace_92")).toBe(true);
    expect(isProfilePathOf("/grace.hopper/", "ada.lovelace_92")).toBe(false);
    expect(isProfilePathOf("/", "ada.lovelace_92")).toBe(false);
  });
});
