import { expect, test, useServer } from "../support/fixtures.ts";
import { axeViolations } from "../support/appearance.ts";
import { postByApi, signInThroughPage, signUpByApi } from "./support.ts";

const server = useServer();

test("Settings deletes the account with its password, keyboard only; this device forgets it and signing in is refused", async ({
  page,
  request,
}) => {
  const url = server.current.url;
  const token = await signUpByApi(request, url, "leaving");
  await postByApi(request, url, token, "A last word");
  await signInThroughPage(page, url, "leaving");
  await page.goto(`${url}/settings/`);
  const section = page.getByRole("region", { name: "Delete my account" });
  const open = section.getByRole("button", { name: "Delete my account…" });
  await open.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Delete your account?" });
  await expect(dialog).toContainText("@leaving and everything it holds will be removed");
  // Cancel first: nothing happens by a stray Enter.
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(open).toBeFocused();

  await page.keyboard.press("Enter");
  const password = dialog.getByLabel("Your password");
  await password.focus();
  await page.keyboard.type("wrong horse battery");
  await page.keyboard.press("Enter");
  await expect(dialog.getByRole("alert")).toHaveText(
    "The password is not right: your account is not deleted.",
  );
  await expect(password).toBeFocused();
  expect(await axeViolations(page)).toEqual([]);
  expect((await request.get(`${url}/api/accounts/leaving`)).status()).toBe(200);

  await password.fill("correct horse battery");
  await page.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "Your account is deleted" })).toHaveText(
    "Your account is deleted, and nothing of it is left on this device.",
  );
  await expect(page.getByText("Not signed in.")).toBeVisible();
  // Nothing of it is kept on this device either: home is onboarding again, its post is gone.
  await page.goto(url);
  await expect(page.getByText("I already have an account: sign in")).toBeVisible();
  await page.goto(`${url}/@leaving`);
  await expect(page.getByRole("alert")).toContainText("@leaving");
  await expect(page.getByText("A last word")).toHaveCount(0);

  const signIn = await request.post(`${url}/api/auth/sign-in`, {
    data: { handle: "leaving", password: "correct horse battery" },
  });
  expect(signIn.status()).toBe(401);
  expect((await request.get(`${url}/api/accounts/leaving`)).status()).toBe(404);
});
