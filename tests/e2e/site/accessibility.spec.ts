// Issue 17: every main state of the site has no violation axe-core finds of WCAG 2.2 A and AA,
// on a phone and on a wide screen. axe checks what a machine can (names, roles, contrast, ARIA
// use); the keyboard tests in app-ui.spec.ts check the rest that a machine can.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { newId } from "../../../shared/ids.ts";
import { postPhotoByApi } from "../app/support.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { signInThroughPage, signUpByApi } from "./support.ts";

const server = useServer();
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
// Contrast is checked in both colour schemes: the phone in light, the wide screen in both.
const SCREENS = [
  { name: "phone", width: 390, height: 844, colorScheme: "light" },
  { name: "wide screen", width: 1280, height: 800, colorScheme: "light" },
  { name: "wide screen in dark mode", width: 1280, height: 800, colorScheme: "dark" },
] as const;

/** axe's violations on the page as it is now, one line each with the elements concerned. */
async function violations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

for (const screen of SCREENS) {
  test(`on a ${screen.name}, onboarding, feed, composer, photo, thread, profile, notifications, search and settings have no axe violation`, async ({
    page,
    request,
  }) => {
    await page.setViewportSize({ width: screen.width, height: screen.height });
    await page.emulateMedia({ colorScheme: screen.colorScheme });
    const url = server.current.url;
    const found: Record<string, string[]> = {};
    const check = async (state: string) => {
      found[state] = await violations(page);
    };

    await page.goto(url);
    await expect(page.getByRole("heading", { name: "Install the P92 extension" })).toBeVisible();
    await check("onboarding");

    const handle = `axe${screen.width}${screen.colorScheme}`;
    const token = await signUpByApi(request, url, handle);
    const auth = { authorization: `Bearer ${token}` };
    const first = newId();
    expect(
      (
        await request.post(`${url}/api/posts`, {
          headers: auth,
          data: { id: first, text: `Bonjour ${handle} #axe` },
        })
      ).status(),
    ).toBe(201);
    await request.post(`${url}/api/posts`, {
      headers: auth,
      data: { id: newId(), text: `Une réponse à ${handle}`, replyTo: first },
    });
    await postPhotoByApi(request, url, token, `Une photo de ${handle}`, [`A grey square by ${handle}`]);
    const liker = await signUpByApi(request, url, `${handle}fan`);
    await request.post(`${url}/api/posts/${first}/like`, { headers: { authorization: `Bearer ${liker}` } });
    await signInThroughPage(page, url, handle);
    await expect(page.getByRole("article").filter({ hasText: `Bonjour ${handle}` })).toBeVisible();
    await check("feed");

    await page.getByLabel("What's new?").focus();
    await expect(page.getByRole("button", { name: "Post", exact: true })).toBeVisible();
    await check("composer open");
    await page.keyboard.press("Escape");

    await page.getByRole("button", { name: `A grey square by ${handle} (open larger)` }).click();
    await expect(page.getByRole("dialog")).toBeVisible();
    await check("photo opened larger");
    await page.keyboard.press("Escape");

    await page.goto(`${url}/post/?id=${first}`);
    await expect(page.getByText(`Une réponse à ${handle}`)).toBeVisible();
    await check("thread");

    await page.goto(`${url}/@${handle}`);
    await expect(page.getByRole("tab", { name: "Posts" })).toBeVisible();
    await expect(page.getByRole("tabpanel").getByRole("article").first()).toBeVisible();
    await check("profile");

    await page.goto(`${url}/notifications/`);
    await expect(page.getByText(/liked your post/)).toBeVisible();
    await check("notifications");

    await page.goto(`${url}/search/?q=${handle}`);
    await expect(page.getByRole("article").first()).toBeVisible();
    await check("search");

    await page.goto(`${url}/settings/`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await check("settings");

    expect(Object.entries(found).filter(([, lines]) => lines.length > 0)).toEqual([]);
  });
}
