import { describe, expect, it } from "vitest";
import { newId, isId } from "../../shared/ids.ts";
import { ImportedFollow, ImportedProfile } from "../../shared/schema/instagram.ts";
import { NewPost, Post } from "../../shared/schema/social.ts";
import { validate } from "../../shared/validate.ts";
import { serverPost } from "./site/fixtures.ts";

const profile = {
  instagramId: "1234567",
  handle: "ana.silva",
  fullName: "Ana Silva 🌿",
  bio: "Photographer. Lyon ✨",
  bioLinks: [{ title: "Portfolio", url: "https://ana.example/" }],
  avatarUrl: "https://cdn.example/ana.jpg",
  isVerified: true,
  isPrivate: false,
  followerCount: 1234,
  followingCount: 321,
  importedAt: "2026-11-29T10:00:00.000Z",
};

function errorFor(schema: Parameters<typeof validate>[0], input: unknown) {
  const result = validate(schema, input);
  if (result.ok) throw new Error("expected the input to be rejected");
  return result;
}

describe("imported profile validation", () => {
  it("accepts a well-formed profile", () => {
    expect(validate(ImportedProfile, profile).ok).toBe(true);
  });

  it("rejects a handle with characters Instagram does not allow, naming the field", () => {
    const result = errorFor(ImportedProfile, { ...profile, handle: "ana silva!" });
    expect(result.errors).toEqual([
      { field: "handle", message: "must be 1-30 letters, digits, dots or underscores" },
    ]);
  });

  it("rejects a handle longer than 30 characters", () => {
    expect(errorFor(ImportedProfile, { ...profile, handle: "a".repeat(31) }).message).toContain("handle");
  });

  it("rejects a javascript: bio link", () => {
    const result = errorFor(ImportedProfile, {
      ...profile,
      bioLinks: [{ title: "x", url: "javascript:alert(1)" }],
    });
    expect(result.message).toBe("bioLinks.0.url: must be an http or https URL");
  });

  it("rejects negative or fractional counts", () => {
    expect(errorFor(ImportedProfile, { ...profile, followerCount: -1 }).message).toContain("followerCount");
    expect(errorFor(ImportedProfile, { ...profile, followingCount: 1.5 }).message).toContain(
      "followingCount",
    );
  });

  it("rejects a bio longer than the bound", () => {
    expect(errorFor(ImportedProfile, { ...profile, bio: "x".repeat(501) }).message).toContain(
      "bio: must be at most 500 characters",
    );
  });

  it("rejects a profile that is not an object at all", () => {
    expect(validate(ImportedProfile, "nope").ok).toBe(false);
    expect(validate(ImportedProfile, null).ok).toBe(false);
  });
});

describe("imported follow validation", () => {
  const follow = {
    list: "followers",
    handle: "bob_92",
    instagramId: "42",
    fullName: "Bob",
    avatarUrl: null,
    isVerified: false,
    importedAt: "2026-11-29T10:00:00.000Z",
  };

  it("accepts a follower row", () => {
    expect(validate(ImportedFollow, follow).ok).toBe(true);
  });

  it("rejects an unknown list name", () => {
    expect(errorFor(ImportedFollow, { ...follow, list: "friends" }).message).toContain("list");
  });
});

describe("post validation", () => {
  it("fills defaults for a text-only post", () => {
    const result = validate(NewPost, { id: newId(), text: "Hello P92" });
    expect(result).toMatchObject({ ok: true, value: { media: [], replyTo: null, quoteOf: null } });
  });

  it("rejects an id that is not a UUIDv7", () => {
    expect(errorFor(NewPost, { id: "123", text: "hi" }).message).toBe("id: must be a UUIDv7");
  });

  it("rejects an empty post without media", () => {
    expect(errorFor(NewPost, { id: newId(), text: "   " }).message).toBe("a post needs text or media");
  });

  it("rejects more than 10 attachments", () => {
    const media = Array.from({ length: 11 }, (_, i) => ({ id: `m${i}` }));
    expect(errorFor(NewPost, { id: newId(), text: "x", media }).message).toContain(
      "media: must hold at most 10 attachments",
    );
  });

  it("rejects a stored post whose link is not http(s)", () => {
    const post = serverPost({ links: ["javascript:alert(1)"] });
    expect(errorFor(Post, post).message).toBe("links.0: must be an http or https URL");
  });
});

describe("client-generated ids", () => {
  it("are UUIDv7 and sort by creation time", () => {
    const a = newId(1_700_000_000_000);
    const b = newId(1_700_000_000_001);
    expect(isId(a) && isId(b)).toBe(true);
    expect(a < b).toBe(true);
  });

  it("differ when made in the same millisecond", () => {
    expect(newId(5)).not.toBe(newId(5));
  });
});
