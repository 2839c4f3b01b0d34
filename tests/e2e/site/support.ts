import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { strToU8, zipSync } from "fflate";
import { newId } from "../../../shared/ids.ts";
import { expect } from "../support/fixtures.ts";

/** Records Content-Security-Policy violations the page reports, to assert there are none. */
export async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  return violations;
}

/** Creates an account through the API (a second person, or a quick start for a test). */
export async function signUpByApi(
  request: APIRequestContext,
  serverUrl: string,
  handle: string,
  profile: Record<string, unknown> = {},
): Promise<string> {
  const response = await request.post(`${serverUrl}/api/auth/sign-up`, {
    data: { handle, password: "correct horse battery", profile },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

/** Signs in through the home page's "I already have an account" form and waits for the feed. */
export async function signInThroughPage(page: Page, serverUrl: string, handle: string): Promise<void> {
  await page.goto(serverUrl);
  await page.getByText("I already have an account: sign in").click();
  await page.getByLabel("Handle").fill(handle);
  await page.getByLabel(/^Password/).fill("correct horse battery");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("What's new?")).toBeVisible();
}

/**
 * Opens the composer (its row loads the whole composer when focused) and answers its file
 * input: adding photos starts, as for a person, from an open composer.
 */
export async function openComposerFiles(page: Page): Promise<Locator> {
  await page.getByLabel("What's new?").click();
  await expect(page.getByRole("button", { name: "Post", exact: true })).toBeVisible();
  return page.locator("#composer-files");
}

/** Instagram's escaping in exports: each UTF-8 byte written as its own \u00xx character. */
export function misEncode(text: string): string {
  return Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join("");
}

/** A "Download your information" ZIP as Instagram makes it, mis-encoded text included. */
export function instagramExportZip(profile: { handle: string; name: string; bio: string }): Buffer {
  const personal = {
    profile_user: [
      {
        string_map_data: {
          Username: { value: profile.handle },
          Name: { value: misEncode(profile.name) },
          Bio: { value: misEncode(profile.bio) },
        },
      },
    ],
  };
  const followers = [
    {
      title: "",
      media_list_data: [],
      string_list_data: [{ href: "https://www.instagram.com/ana", value: "ana", timestamp: 1 }],
    },
    {
      title: "",
      media_list_data: [],
      string_list_data: [{ href: "https://www.instagram.com/bruno", value: "bruno", timestamp: 2 }],
    },
  ];
  const following = {
    relationships_following: [
      { title: "zoe.k", string_list_data: [{ href: "https://www.instagram.com/_u/zoe.k", timestamp: 3 }] },
    ],
  };
  return Buffer.from(
    zipSync({
      "personal_information/personal_information/personal_information.json": strToU8(
        JSON.stringify(personal),
      ),
      "connections/followers_and_following/followers_1.json": strToU8(JSON.stringify(followers)),
      "connections/followers_and_following/following.json": strToU8(JSON.stringify(following)),
    }),
  );
}

/** Opens the menu button `button` (its menu named `menuName`) and chooses `item`, with the keyboard only. */
export async function chooseFromMenu(
  page: Page,
  button: Locator,
  menuName: string,
  item: string,
): Promise<void> {
  await button.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu", { name: menuName });
  await expect(menu.getByRole("menuitem").first()).toBeFocused();
  while (!(await menu.getByRole("menuitem", { name: item }).evaluate((e) => e === document.activeElement)))
    await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
}

/** Posts as `token`'s account through the API (`extra`: replyTo, quoteOf…); answers the post. */
export async function postByApi(
  request: APIRequestContext,
  serverUrl: string,
  token: string,
  text: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; url: string }> {
  const response = await request.post(`${serverUrl}/api/posts`, {
    headers: { authorization: `Bearer ${token}` },
    data: { id: newId(), text, ...extra },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { post: { id: string; url: string } }).post;
}
