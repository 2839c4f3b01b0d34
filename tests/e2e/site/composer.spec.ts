import sharp from "sharp";
import { expect, test, useServer } from "../support/fixtures.ts";
import { openComposerFiles, signInThroughPage, signUpByApi } from "./support.ts";
import { webmLasting } from "./webm.ts";

const server = useServer();

test("a photo is checked, uploaded with progress, described, and shown in the post with its alt text", async ({
  page,
  request,
}) => {
  await signUpByApi(request, server.current.url, "photographer");
  await signInThroughPage(page, server.current.url, "photographer");
  const files = await openComposerFiles(page);
  await files.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
  await expect(page.getByRole("alert")).toContainText("notes.txt: only photos");

  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c33" } })
    .png()
    .toBuffer();
  await files.setInputFiles([
    { name: "red.png", mimeType: "image/png", buffer: png },
    { name: "second.png", mimeType: "image/png", buffer: png },
  ]);
  const attachments = page.getByRole("list", { name: "Attachments" });
  await expect(attachments.getByRole("listitem")).toHaveCount(2);
  await attachments.getByRole("button", { name: "Remove second.png" }).click();
  await expect(attachments.getByRole("listitem")).toHaveCount(1);
  await attachments.getByLabel(/alt text/).fill("A red square");
  await expect(attachments.locator("progress")).toHaveCount(0);
  await page.getByLabel("What's new?").fill("Ma première photo");
  await page.getByRole("button", { name: "Post", exact: true }).click();

  const article = page.getByRole("article").filter({ hasText: "Ma première photo" });
  const photo = article.getByRole("img", { name: "A red square" });
  await expect(photo).toBeVisible();
  await expect(photo).toHaveAttribute("loading", "lazy");
  await expect(photo).toHaveAttribute("src", new RegExp(`^${server.current.url}/api/media/`));
  await expect(article.getByText("Sending…")).toHaveCount(0);
});

test("reply and quote modes: the reply shows in the thread, the quote embeds the post", async ({
  page,
  request,
}) => {
  await signUpByApi(request, server.current.url, "talker");
  await signInThroughPage(page, server.current.url, "talker");
  await page.getByLabel("What's new?").fill("Question du jour ?");
  await page.getByRole("button", { name: "Post", exact: true }).click();
  const first = page.getByRole("article").filter({ hasText: "Question du jour" });
  await expect(first.getByText("Sending…")).toHaveCount(0);
  const original = page
    .locator(`article[data-post-id="${await first.getAttribute("data-post-id")}"]`)
    .first();

  await original.getByRole("button", { name: /^Reply/ }).click();
  // The reply composer opens under the post, saying whom it answers.
  await expect(page.getByRole("heading", { name: "Reply to @talker" })).toBeAttached();
  await expect(page.locator(".composer-target")).toContainText("Question du jour ?");
  await expect(page.getByLabel("What's new?")).toBeFocused();
  // Its field says so too, not only its placeholder.
  await expect(page.getByLabel("What's new?")).toHaveAccessibleDescription(/^Reply to @talker/);
  await page.keyboard.type("Ma réponse");
  await page.keyboard.press("Control+Enter");
  await expect(original.getByRole("button", { name: /^Reply/ })).toHaveAccessibleName("Reply, 1 reply");
  // Posted: nothing of the reply is left in a composer, not even in the draft.
  await expect(page.getByRole("heading", { name: "Reply to @talker" })).toHaveCount(0);
  await expect(page.getByLabel("What's new?")).toHaveValue("");

  // Cancel lets the reply go; what was written stays, as a new post's draft.
  await original.getByRole("button", { name: /^Reply/ }).click();
  await expect(page.getByLabel("What's new?")).toBeFocused();
  await page.keyboard.type("Finalement non");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { name: "Reply to @talker" })).toHaveCount(0);
  await expect(page.getByLabel("What's new?")).toHaveValue("Finalement non");
  await page.getByLabel("What's new?").fill("");

  await original.getByRole("button", { name: /^Repost/ }).click();
  await page.getByRole("menuitem", { name: "Quote" }).click();
  await expect(page.getByText("Quoting @talker")).toBeVisible();
  await page.getByLabel("What's new?").fill("Je cite ceci");
  await page.getByRole("button", { name: "Post", exact: true }).click();
  const quote = page.getByRole("article").filter({ hasText: "Je cite ceci" }).first();
  await expect(quote.getByRole("article")).toContainText("Question du jour ?");

  await original.getByRole("link", { name: /Posted/ }).click();
  await expect(page).toHaveURL(/\/post\/\?id=/);
  await expect(page.getByRole("region", { name: "Replies" })).toContainText("Ma réponse");
});

test("in an open, empty composer the media button opens the file picker", async ({ page, request }) => {
  await signUpByApi(request, server.current.url, "picker");
  await signInThroughPage(page, server.current.url, "picker");
  await page.getByLabel("What's new?").click();
  const chooser = page.waitForEvent("filechooser");
  await page.getByText("Add photos or videos").click();
  await chooser;
  await expect(page.getByRole("button", { name: "Post", exact: true })).toBeVisible();
});

test("a video longer than 5 minutes is refused before upload; a 12-second one is posted", async ({
  page,
  request,
}) => {
  await signUpByApi(request, server.current.url, "filmmaker");
  await signInThroughPage(page, server.current.url, "filmmaker");
  const files = await openComposerFiles(page);
  const attachments = page.getByRole("list", { name: "Attachments" });

  await files.setInputFiles({
    name: "long.webm",
    mimeType: "video/webm",
    buffer: await webmLasting(page, 301),
  });
  await expect(page.getByRole("alert")).toContainText("long.webm is longer than 5 minutes.");
  await expect(attachments.getByRole("listitem")).toHaveCount(0);

  await files.setInputFiles({
    name: "short.webm",
    mimeType: "video/webm",
    buffer: await webmLasting(page, 12),
  });
  await expect(attachments.getByRole("listitem")).toHaveCount(1);
  await expect(attachments.locator("progress")).toHaveCount(0);
  await page.getByLabel("What's new?").fill("Mon court métrage");
  await page.getByRole("button", { name: "Post", exact: true }).click();
  const article = page.getByRole("article").filter({ hasText: "Mon court métrage" });
  await expect(article.locator("video[controls]")).toHaveCount(1);
  await expect(article.getByText("Sending…")).toHaveCount(0);
});

test("a failed upload says why and holds Post; Try again uploads it and the post carries it", async ({
  page,
  request,
}) => {
  await signUpByApi(request, server.current.url, "unlucky");
  await signInThroughPage(page, server.current.url, "unlucky");
  // The server fails the first upload, then works again.
  let failures = 1;
  await page.route("**/api/media", (route) =>
    failures-- > 0
      ? route.fulfill({
          status: 503,
          contentType: "application/json",
          body: JSON.stringify({ error: { code: "unavailable", message: "The disk is busy" } }),
        })
      : route.continue(),
  );
  const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: "#36c" } })
    .png()
    .toBuffer();
  await (
    await openComposerFiles(page)
  ).setInputFiles({ name: "blue.png", mimeType: "image/png", buffer: png });
  const attachments = page.getByRole("list", { name: "Attachments" });
  await expect(attachments).toContainText("Upload failed: The disk is busy");
  await page.getByLabel("What's new?").fill("Un carré bleu");
  const post = page.getByRole("button", { name: "Post", exact: true });
  await expect(post).toBeDisabled();
  await expect(page.getByText("Try the failed upload again or remove it to post.")).toBeVisible();

  await attachments.getByRole("button", { name: "Try again blue.png" }).click();
  await expect(attachments).not.toContainText("Upload failed");
  await expect(attachments.locator("progress")).toHaveCount(0);
  await expect(post).toBeEnabled();
  await post.click();
  const article = page.getByRole("article").filter({ hasText: "Un carré bleu" });
  await expect(article.locator("img")).toHaveCount(1);
  await expect(article.getByText("Sending…")).toHaveCount(0);
});

test("a text of one character but megabytes is said to be too long and cannot be posted", async ({
  page,
  request,
}) => {
  await signUpByApi(request, server.current.url, "paster");
  await signInThroughPage(page, server.current.url, "paster");
  const text = page.getByLabel("What's new?");
  // One letter and 8,000 combining accents: a single character, past the size bound.
  await text.fill("a" + "\u0301".repeat(8000));
  await expect(page.locator("#composer-counter")).toHaveText("This text is too long to post");
  await expect(page.getByRole("button", { name: "Post", exact: true })).toBeDisabled();
  await text.fill("a" + "\u0301".repeat(100));
  await expect(page.getByRole("button", { name: "Post", exact: true })).toBeEnabled();
});
