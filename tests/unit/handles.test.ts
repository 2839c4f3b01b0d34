import { describe, expect, it } from "vitest";
import * as v from "valibot";
import { HandleInput } from "../../shared/api.ts";
import { tokenizePostText } from "../../shared/post-text.ts";
import { AccountHandle, HANDLE_CHARACTERS, InstagramHandle, readHandle } from "../../shared/schema/common.ts";
import { parseFollow } from "../../extension/lib/instagram/parse.ts";
import { handleFromLocation } from "../../site/lib/page-params.ts";

describe("the one handle pattern", () => {
  it("reads a handle lower-cased, and refuses what is not one", () => {
    expect(readHandle("Ana.Silva_92")).toBe("ana.silva_92");
    expect(readHandle("a".repeat(30))).toBe("a".repeat(30));
    for (const wrong of ["", "ana silva", "a".repeat(31), "ana!", "\u212Aate", "éva", 42, null])
      expect(readHandle(wrong), String(wrong)).toBeNull();
  });

  it("keeps Instagram's capitals in a profile, and only lower case in a P92 handle", () => {
    expect(v.is(InstagramHandle, "Lea.Dupont")).toBe(true);
    expect(v.is(AccountHandle, "lea.dupont")).toBe(true);
    expect(v.is(AccountHandle, "Lea.Dupont")).toBe(false);
  });

  it("lower-cases a handle where it enters: Instagram, sign-up, a profile address, a mention", () => {
    expect(parseFollow({ username: "Ana.Silva" }, "followers", "2026-12-03T00:00:00.000Z")?.handle).toBe(
      "ana.silva",
    );
    expect(v.parse(HandleInput, "  Alice ")).toBe("alice");
    expect(handleFromLocation({ pathname: "/@Ana.Silva", search: "" })).toBe("ana.silva");
    expect(handleFromLocation({ pathname: "/profile/", search: "?handle=Bob" })).toBe("bob");
    expect(handleFromLocation({ pathname: "/@ana silva", search: "" })).toBeNull();
    expect(tokenizePostText("hi @Ana.")).toContainEqual({ kind: "mention", text: "@Ana", handle: "ana" });
  });

  it("gives a form field the same characters", () => {
    expect(new RegExp(`^(?:${HANDLE_CHARACTERS})$`, "v").test("ana.silva_92")).toBe(true);
    expect(new RegExp(`^(?:${HANDLE_CHARACTERS})$`, "v").test("ana silva")).toBe(false);
  });
});
