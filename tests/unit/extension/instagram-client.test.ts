import { describe, expect, it } from "vitest";
import { readAnswer, readSession } from "../../../extension/lib/instagram/client.ts";
import { useCatalog } from "./catalogs.ts";

// The extension speaks English here, as in an English browser.
useCatalog("en");

const answer = (status: number, body: unknown, url = "https://www.instagram.com/api/v1/x/") => {
  const response = new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
  Object.defineProperty(response, "url", { value: url });
  return response;
};

describe("Instagram's answers", () => {
  it("reads the signed-in account from the ds_user_id cookie", () => {
    expect(readSession("mid=abc; ds_user_id=4815162342; csrftoken=tok%3D")).toEqual({
      userId: "4815162342",
      csrfToken: "tok=",
    });
    expect(readSession("mid=abc; csrftoken=tok")).toBeNull();
    expect(readSession("ds_user_id=not-a-number")).toBeNull();
  });

  it("tells signed out, checkpoint and slow down apart", async () => {
    await expect(
      readAnswer(answer(200, "<html>", "https://www.instagram.com/accounts/login/?next=x")),
    ).rejects.toMatchObject({
      code: "signed-out",
    });
    await expect(
      readAnswer(answer(400, { message: "checkpoint_required", status: "fail" })),
    ).rejects.toMatchObject({
      code: "checkpoint",
    });
    await expect(readAnswer(answer(400, { message: "challenge_required" }))).rejects.toMatchObject({
      code: "checkpoint",
    });
    await expect(
      readAnswer(answer(429, { message: "Please wait a few minutes before you try again.", status: "fail" })),
    ).rejects.toMatchObject({ code: "rate-limited" });
    await expect(readAnswer(answer(403, { message: "login_required" }))).rejects.toMatchObject({
      code: "signed-out",
    });
    await expect(readAnswer(answer(502, "Bad gateway"))).rejects.toMatchObject({ code: "network" });
    await expect(readAnswer(answer(200, "not json"))).rejects.toMatchObject({ code: "unexpected" });
    await expect(readAnswer(answer(200, { users: [] }))).resolves.toEqual({ users: [] });
  });
});
