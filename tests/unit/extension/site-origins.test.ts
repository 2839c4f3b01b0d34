import { describe, expect, it } from "vitest";
import { isInstagramImageUrl } from "../../../extension/lib/background/avatar.ts";
import { isProfilePathOf } from "../../../extension/lib/instagram-tab/own-profile.ts";
import { sitePattern } from "../../../extension/lib/match-patterns.ts";
import {
  normalizeSiteOrigin,
  patternFreedBy,
  planBridgeRegistrations,
} from "../../../extension/lib/site-origins.ts";
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

describe("match patterns for a P92 site in each browser", () => {
  const chrome = (origin: string) => sitePattern(origin, "chrome");
  const firefox = (origin: string) => sitePattern(origin, "firefox");

  it("names the exact origin in Chrome and the host alone in Firefox (its patterns cannot name a port)", () => {
    expect(chrome("http://localhost:4321")).toBe("http://localhost:4321/*");
    expect(firefox("http://localhost:4321")).toBe("http://localhost/*");
    expect(firefox("https://p92.example")).toBe("https://p92.example/*");
    expect(firefox("https://p92.example:8443")).toBe("https://p92.example/*");
    expect(firefox("http://[::1]:4400")).toBe("http://[::1]/*");
  });

  it("registers one bridge script per pattern, none for the built-in site's, and drops the rest", () => {
    // The built-in site is http://localhost:4321 (build-env.ts in unit tests).
    const added = ["http://localhost:4400", "http://localhost:4500", "https://p92.example"];
    expect(planBridgeRegistrations(added, [], chrome)).toEqual({
      stale: [],
      missing: ["http://localhost:4400/*", "http://localhost:4500/*", "https://p92.example/*"],
    });
    // Firefox: every localhost port is already the built-in site's pattern.
    expect(planBridgeRegistrations(added, [], firefox)).toEqual({
      stale: [],
      missing: ["https://p92.example/*"],
    });
    // Registrations named by origin (before patterns) or for a removed site go; others stay.
    const registered = ["p92-bridge https://p92.example/*", "p92-bridge http://localhost:4400", "other"];
    expect(planBridgeRegistrations(["https://p92.example"], registered, firefox)).toEqual({
      stale: ["p92-bridge http://localhost:4400"],
      missing: [],
    });
  });

  it("gives a host permission back only when no remaining site shares its pattern", () => {
    expect(patternFreedBy("http://localhost:4400", [], chrome)).toBe(true);
    expect(patternFreedBy("http://localhost:4400", [], firefox)).toBe(false);
    expect(patternFreedBy("https://p92.example", ["https://p92.example:8443"], firefox)).toBe(false);
    expect(patternFreedBy("https://p92.example", ["https://p92.example:8443"], chrome)).toBe(true);
    expect(patternFreedBy("https://p92.example", ["https://other.example"], firefox)).toBe(true);
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
