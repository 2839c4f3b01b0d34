import { describe, expect, it } from "vitest";
import { limitedReplies, mayReply, mentionedHandles } from "../../shared/reply-policy.ts";

describe("who may reply", () => {
  const someone = { handle: "Cyd", followed: false, isAuthor: false };

  it("lets anyone answer a post open to everyone, and its author any post", () => {
    expect(mayReply({ policy: "everyone", text: "hi" }, someone)).toBe(true);
    expect(mayReply({ policy: "mentioned", text: "hi" }, { ...someone, isAuthor: true })).toBe(true);
    expect(mayReply({ policy: "following", text: "hi" }, { ...someone, isAuthor: true })).toBe(true);
  });

  it("lets only the people the author follows, and those the post mentions, answer a post for them", () => {
    expect(mayReply({ policy: "following", text: "hi @cydney" }, someone)).toBe(false);
    expect(mayReply({ policy: "following", text: "hi" }, { ...someone, followed: true })).toBe(true);
    expect(mayReply({ policy: "following", text: "hi @cyd" }, someone)).toBe(true);
  });

  it("knows someone here mentioned in full, at this server's host", () => {
    const post = { policy: "mentioned" as const, text: "for @cyd@P92.example" };
    expect(mayReply(post, someone, "p92.example")).toBe(true);
    expect(mayReply(post, someone, "other.example")).toBe(false);
    expect(mayReply(post, someone)).toBe(false);
  });

  it("lets only those a post mentions answer it, in any case, here or elsewhere", () => {
    expect(mayReply({ policy: "mentioned", text: "for @cyd and @ed@other.example" }, someone)).toBe(true);
    expect(
      mayReply(
        { policy: "mentioned", text: "for @ed@other.example" },
        { ...someone, handle: "ed@Other.example" },
      ),
    ).toBe(true);
    expect(mayReply({ policy: "mentioned", text: "for @cydney" }, { ...someone, followed: true })).toBe(
      false,
    );
    // Mentions past the twentieth count for nothing, as they notify no one.
    const crowd = Array.from({ length: 20 }, (_, i) => `@p${i}`).join(" ");
    expect(mentionedHandles(`${crowd} @cyd`)).toHaveLength(20);
    expect(mayReply({ policy: "mentioned", text: `${crowd} @cyd` }, someone)).toBe(false);
  });

  it("writes a policy out only when it limits replies", () => {
    expect(limitedReplies("everyone")).toEqual({});
    expect(limitedReplies(undefined)).toEqual({});
    expect(limitedReplies("mentioned")).toEqual({ replyPolicy: "mentioned" });
  });
});
