import { expect, test } from "@playwright/test";
import { Api } from "../server/client.ts";
import { instagramExportZip, watchCsp } from "../site/support.ts";
import { GraphApi } from "./graph-client.ts";
import { useGraphServer } from "./support.ts";

const world = useGraphServer();

test("after importing, a person uploads their lists, follows all, proves the handle and reads notifications", async ({
  page,
  request,
}) => {
  const api = new Api(request, world.server.url);
  const graph = new GraphApi(request, world.server.url);
  // Zoe is already here with a proven handle, and follows chloe.m on Instagram.
  const zoe = await api.signUp("zoe");
  const code = await graph.askCode(zoe, "zoe.k");
  world.instagram.profiles.set("zoe.k", { biography: code, verified: false });
  expect((await graph.check(zoe)).status).toBe(200);
  await graph.call(zoe, "POST", "/api/instagram/lists", { following: ["chloe.m"] });

  const violations = await watchCsp(page);
  await page.goto(world.server.url);
  await page.getByLabel("Choose the ZIP or JSON files").setInputFiles({
    name: "instagram-chloe.zip",
    mimeType: "application/zip",
    buffer: instagramExportZip({ handle: "Chloe.M", name: "Chloé", bio: "Bonjour" }),
  });
  await page.getByLabel(/^Password/).fill("correct horse battery");
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page.getByLabel("What's new?")).toBeVisible();

  // The new account's feed offers the upload until the person answers.
  const prompt = page.getByRole("link", {
    name: "Find the people you follow on Instagram who are already on P92",
  });
  await prompt.click();
  await expect(page).toHaveURL(/\/instagram\/$/);
  await expect(page.getByText("We upload only the handles of the accounts you follow")).toBeVisible();
  await expect(
    page.getByLabel("When people I follow on Instagram join P92, follow them automatically"),
  ).toBeChecked();
  await page.getByRole("button", { name: "Upload and find them" }).click();
  await expect(page.getByRole("status")).toHaveText("Uploaded: 1 following, 2 followers.");
  const matches = page.getByRole("region", { name: "People you follow on Instagram who are on P92 (1)" });
  await expect(matches.getByRole("link", { name: /@zoe/ })).toBeVisible();
  await matches.getByRole("button", { name: "Follow all (1)" }).click();
  await expect(page.getByRole("status")).toHaveText("You now follow 1 more person.");
  await expect(
    page.getByRole("heading", { name: "People you follow on Instagram who are on P92 (0)" }),
  ).toBeVisible();
  await page.goto(world.server.url);
  await expect(page.getByLabel("What's new?")).toBeVisible();
  await expect(prompt).toHaveCount(0);
  await page.goto(`${world.server.url}/instagram/`);

  // Proving: first without the code in the bio, then with it.
  const proof = page.getByRole("region", { name: "Prove your Instagram handle" });
  await expect(proof.getByRole("textbox", { name: "Instagram handle" })).toHaveValue("Chloe.M");
  await page.getByRole("button", { name: "Get a code" }).click();
  const shown = await page.getByTestId("proof-code").textContent();
  const proofCode = /p92-[a-z0-9]+/.exec(shown ?? "")?.[0] ?? "";
  expect(proofCode).not.toBe("");
  world.instagram.profiles.set("chloe.m", { biography: "Bonjour", verified: false });
  await page.getByRole("button", { name: "Check now" }).click();
  await expect(proof.getByRole("alert")).toHaveText(
    "The code is not in your Instagram bio yet. Add it, save, then check again.",
  );
  // Back from editing the bio, the page shows the same code, not a new one.
  await page.reload();
  await expect(proof.getByTestId("proof-code")).toHaveText(`Your code: ${proofCode}`);
  world.instagram.profiles.set("chloe.m", { biography: `Bonjour ${proofCode}`, verified: false });
  await page.getByRole("button", { name: "Check now" }).click();
  await expect(proof.getByRole("status")).toHaveText(
    "@chloe.m on Instagram is proven as yours. 1 person who follows you on Instagram already follows you here.",
  );

  await page.reload();
  await expect(proof).toContainText("@chloe.m on Instagram is proven as yours.");

  await page.goto(`${world.server.url}/notifications/`);
  await expect(page.getByTestId("unread-count")).toHaveText("1 unread");
  await expect(page.getByRole("link", { name: "@zoe followed you" })).toBeVisible();
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(page.getByTestId("unread-count")).toHaveText("0 unread");
  expect(violations).toEqual([]);
});
