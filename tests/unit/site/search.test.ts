import "fake-indexeddb/auto";
import { beforeEach, describe, expect, test } from "vitest";
import type { Account } from "../../../shared/schema/social.ts";
import { db } from "../../../site/lib/db.ts";
import { handleFromLocation } from "../../../site/lib/page-params.ts";
import { queryKind, searchKnownPeople } from "../../../site/lib/search.ts";
import { serverAccount } from "./fixtures.ts";

const account = (handle: string, displayName: string): Account => ({ ...serverAccount(handle), displayName });

beforeEach(async () => {
  await db.accounts.clear();
});

describe("what a search names", () => {
  test("@user@host, user@host, acct: and URLs are looked up; #tag is a tag; the rest are words", () => {
    expect(queryKind(" @ben@b.example ")).toEqual({ kind: "lookup", q: "@ben@b.example" });
    expect(queryKind("ben@localhost:8443").kind).toBe("lookup");
    expect(queryKind("acct:ben@b.example").kind).toBe("lookup");
    expect(queryKind("https://b.example/@ben/1").kind).toBe("lookup");
    expect(queryKind("#Lyon")).toEqual({ kind: "tag", tag: "Lyon" });
    expect(queryKind("café #lyon")).toEqual({ kind: "words", q: "café #lyon" });
    expect(queryKind("   ")).toEqual({ kind: "empty" });
    expect(queryKind("javascript:alert(1)").kind).toBe("words");
  });

  test("a profile address names a handle here or someone elsewhere", () => {
    expect(handleFromLocation({ pathname: "/@ana", search: "" })).toBe("ana");
    expect(handleFromLocation({ pathname: "/@Ben%40B.example%3A8443", search: "" })).toBe(
      "ben@b.example:8443",
    );
    expect(handleFromLocation({ pathname: "/@ben@b.example/", search: "" })).toBe("ben@b.example");
    expect(handleFromLocation({ pathname: "/profile/", search: "?handle=ana" })).toBe("ana");
    expect(handleFromLocation({ pathname: "/@%E0%A4", search: "" })).toBeNull();
    expect(handleFromLocation({ pathname: "/@<script>", search: "" })).toBeNull();
  });
});

describe("people on the device", () => {
  test("are found offline by the start of their name or handle, accents aside", async () => {
    await db.accounts.bulkPut([
      account("lmartin", "Léa Martin"),
      account("gaelle@b.example", "Gaëlle"),
      account("paul", "Paul"),
    ]);
    expect((await searchKnownPeople("lea", 5)).map((a) => a.handle)).toEqual(["lmartin"]);
    expect((await searchKnownPeople("GAE", 5)).map((a) => a.handle)).toEqual(["gaelle@b.example"]);
    expect(await searchKnownPeople("b.example", 5)).toEqual([]);
    expect(await searchKnownPeople("", 5)).toEqual([]);
  });
});
