import fs from "node:fs";
import { chromium } from "@playwright/test";
import { chromiumArgs, chromiumPath } from "../support/chromium.ts";
import { EXTENSION_DIR } from "../support/fixtures.ts";
import { tempDir } from "../support/server.ts";
import { SELF_HANDLE } from "../../fake-instagram/server.ts";
import { expect, test as english } from "./support.ts";

// The same fixtures, in a browser whose language is French.
const test = english.extend({
  // eslint-disable-next-line no-empty-pattern
  context: async ({}, use) => {
    const userDataDir = tempDir("profile-fr");
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      headless: true,
      args: [...chromiumArgs(EXTENSION_DIR), "--lang=fr"],
      env: { ...process.env, LANGUAGE: "fr", LANG: "fr_FR.UTF-8" },
      locale: "fr-FR",
    });
    await use(context);
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  },
});

test("in a French browser the popup imports in French, with French numbers", async ({ popup }) => {
  await expect(popup.locator("html")).toHaveAttribute("lang", "fr");
  await expect(popup.getByRole("paragraph").first()).toHaveText(
    "Emportez votre profil Instagram et les personnes que vous suivez sur P92.",
  );
  await popup.getByRole("button", { name: "Importer depuis Instagram" }).click();
  await expect(popup.getByRole("status")).toHaveText(
    /^Profil importé, avec 321 abonnements et 1\s234 abonnés\.$/,
    { timeout: 45_000 },
  );
  await expect(popup.getByRole("list", { name: "Progression de l’import" })).toContainText(
    /Abonnés : 1\s234 sur 1\s234/,
  );
  await expect(popup.getByRole("button", { name: "Importer à nouveau" })).toBeEnabled();
});

test("in a French browser the button on instagram.com and the options page speak French", async ({
  context,
  extensionId,
  instagram: _,
}) => {
  const page = await context.newPage();
  await page.goto(`https://www.instagram.com/${SELF_HANDLE}/`);
  await expect(page.getByRole("button", { name: "Importer dans P92" })).toBeVisible({ timeout: 15_000 });

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options).toHaveTitle("Options de P92");
  await expect(options.getByRole("list", { name: "Les sites qui peuvent lancer un import" })).toHaveText(
    "Aucun pour l’instant.",
  );
  await expect(options.getByText("Rien d’importé pour l’instant.")).toBeVisible();
});
