import { describe, expect, it } from "vitest";
import { readConfig } from "../../../site/server/config.ts";
import { fetchProfile, parseProfile } from "../../../site/server/graph/instagram-profile.ts";
import { newProofCode, proofExpiry } from "../../../site/server/graph/proof.ts";

describe("Instagram proof codes", () => {
  it("last 24 hours unless the server is told otherwise", () => {
    const { proofTtlSeconds } = readConfig({});
    expect(proofExpiry(new Date("2026-01-01T10:00:00.000Z"), proofTtlSeconds)).toBe(
      "2026-01-02T10:00:00.000Z",
    );
    expect(readConfig({ P92_PROOF_TTL_SECONDS: "60" }).proofTtlSeconds).toBe(60);
    expect(() => readConfig({ P92_PROOF_TTL_SECONDS: "soon" })).toThrow(/^P92_PROOF_TTL_SECONDS: /);
  });

  it("are short, unambiguous to type and different every time", () => {
    const codes = new Set(Array.from({ length: 1000 }, newProofCode));
    expect(codes.size).toBe(1000);
    for (const code of codes) expect(code).toMatch(/^p92-[a-hjkmnp-z2-9]{8}$/);
  });

  it("are checked against instagram.com unless P92_INSTAGRAM_ORIGIN says where", () => {
    expect(readConfig({}).instagramOrigin).toBe("https://www.instagram.com");
    expect(readConfig({ P92_INSTAGRAM_ORIGIN: "http://127.0.0.1:9/x" }).instagramOrigin).toBe(
      "http://127.0.0.1:9",
    );
    expect(() => readConfig({ P92_INSTAGRAM_ORIGIN: "ftp://x" })).toThrow(/^P92_INSTAGRAM_ORIGIN: /);
  });
});

describe("reading a public Instagram profile", () => {
  it("reads both field-name sets", () => {
    expect(
      parseProfile({ data: { user: { username: "ada", biography: "code p92-x", is_verified: true } } }),
    ).toEqual({ username: "ada", biography: "code p92-x", verified: true });
    expect(
      parseProfile({ user: { username: "ada", biography_with_entities: { raw_text: "p92-y" }, pk: 1 } }),
    ).toEqual({ username: "ada", biography: "p92-y", verified: false });
  });

  it("treats a missing or malformed user as no profile", () => {
    for (const body of [null, [], { data: { user: null } }, { user: { username: 5 } }, "text"]) {
      expect(parseProfile(body)).toBeNull();
    }
  });

  it("answers each failure of Instagram as its own kind", async () => {
    const answer = (status: number, body: unknown = {}, headers: Record<string, string> = {}) =>
      (async () => Response.json(body, { status, headers })) as typeof fetch;
    expect(await fetchProfile("https://ig", "a", answer(429, {}, { "retry-after": "120" }))).toEqual({
      kind: "rate_limited",
      retryAfter: 120,
    });
    expect(await fetchProfile("https://ig", "a", answer(404))).toEqual({ kind: "not_found" });
    expect(await fetchProfile("https://ig", "a", answer(200, { data: { user: null } }))).toEqual({
      kind: "not_found",
    });
    expect((await fetchProfile("https://ig", "a", answer(302))).kind).toBe("unreachable");
    const offline = (async () => {
      throw new TypeError("fetch failed");
    }) as typeof fetch;
    expect(await fetchProfile("https://ig", "a", offline)).toEqual({
      kind: "unreachable",
      detail: "fetch failed",
    });
  });
});
