import { describe, expect, test } from "vitest";
import type { Notification } from "../../../shared/graph.ts";
import { firstLine, groupNotifications } from "../../../site/lib/notification-groups.ts";

let id = 0;
const note = (
  kind: Notification["kind"],
  actor: string,
  postId: string | null,
  read = true,
): Notification => ({
  id: ++id,
  kind,
  actor,
  postId,
  createdAt: new Date(Date.UTC(2026, 11, 1, 12, 0, 60 - id)).toISOString(),
  read,
});

describe("grouping notifications", () => {
  test("likes of one post become one entry where the newest was, each person once", () => {
    const groups = groupNotifications([
      note("like", "lea", "p1", false),
      note("reply", "sam", "p1"),
      note("like", "sam", "p1"),
      note("like", "lea", "p1"),
      note("like", "zoe", "p2"),
    ]);
    expect(groups.map((g) => [g.newest.kind, g.newest.postId, g.actors, g.read])).toEqual([
      ["like", "p1", ["lea", "sam"], false],
      ["reply", "p1", ["sam"], true],
      ["like", "p2", ["zoe"], true],
    ]);
  });

  test("follows group together; replies, quotes and mentions never do", () => {
    const groups = groupNotifications([
      note("follow", "a", null),
      note("mention", "b", "p1"),
      note("mention", "c", "p1"),
      note("follow", "d", null),
      note("quote", "e", "p1"),
      note("quote", "f", "p1"),
    ]);
    expect(groups.map((g) => `${g.newest.kind}:${g.actors.join("+")}`)).toEqual([
      "follow:a+d",
      "mention:b",
      "mention:c",
      "quote:e",
      "quote:f",
    ]);
  });

  test("a post's first line, cut with an ellipsis", () => {
    expect(firstLine("Bonjour\nla suite")).toBe("Bonjour");
    expect(firstLine("x".repeat(120), 100)).toBe(`${"x".repeat(100)}…`);
  });
});
