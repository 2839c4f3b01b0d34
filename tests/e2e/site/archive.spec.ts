import fs from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import type { ArchivedPost } from "../../../shared/archive.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { axeViolations } from "../support/appearance.ts";
import { postByApi, signInThroughPage, signUpByApi } from "./support.ts";

const server = useServer();

test("Settings downloads the person's data as one ZIP, with the keyboard, in the page's language; offline it says so", async ({
  page,
  request,
}) => {
  const token = await signUpByApi(request, server.current.url, "keeper");
  await postByApi(request, server.current.url, token, "Worth keeping");
  await signInThroughPage(page, server.current.url, "keeper");
  await page.goto(`${server.current.url}/settings/`);
  const section = page.getByRole("region", { name: "Your data" });
  const button = section.getByRole("button", { name: "Download my data" });

  await page.context().setOffline(true);
  await button.click();
  await expect(section.getByRole("alert")).toHaveText(
    "You are offline: your data can be downloaded once you are back online.",
  );
  await page.context().setOffline(false);

  await button.focus();
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  expect(download.suggestedFilename()).toMatch(/^p92-keeper-\d{4}-\d\d-\d\d\.zip$/);
  await expect(section.getByRole("status")).toHaveText(
    "Your browser is downloading your archive: it shows how far it has come. A large account's archive may take a while.",
  );
  await expect(section.getByRole("alert")).toHaveCount(0);
  // The page stayed where it was: the download did not replace it.
  await expect(page).toHaveURL(`${server.current.url}/settings/`);
  const files = unzipSync(new Uint8Array(fs.readFileSync(await download.path())));
  const posts = JSON.parse(strFromU8(files["posts.json"]!)) as ArchivedPost[];
  expect(posts.map((post) => post.text)).toEqual(["Worth keeping"]);
  expect(strFromU8(files["README.txt"]!)).toMatch(/^This is your P92 archive\./);
  expect(await axeViolations(page)).toEqual([]);

  // In French, the archive's words are French too.
  await page.getByRole("combobox", { name: "Language" }).selectOption("fr");
  const french = page.getByRole("region", { name: "Vos données" });
  const [frenchDownload] = await Promise.all([
    page.waitForEvent("download"),
    french.getByRole("button", { name: "Télécharger mes données" }).click(),
  ]);
  const frenchFiles = unzipSync(new Uint8Array(fs.readFileSync(await frenchDownload.path())));
  expect(strFromU8(frenchFiles["README.txt"]!)).toMatch(/^Ceci est votre archive P92\./);
  await expect(french.getByRole("status")).toContainText("Votre navigateur télécharge votre archive");
});
