import { expect, test, useServer } from "../support/fixtures.ts";
import { signInThroughPage, signUpByApi } from "../site/support.ts";
import { redSquare, serverPostTexts, waitForWorker } from "./support.ts";

const server = useServer();

/** What the phone's share sheet does: a multipart POST to the manifest's share_target action. */
async function shareIntoApp(
  page: import("@playwright/test").Page,
  fields: Record<string, string>,
): Promise<void> {
  await page.evaluate((values) => {
    const form = document.createElement("form");
    form.method = "post";
    form.enctype = "multipart/form-data";
    form.action = "/share/";
    for (const [name, value] of Object.entries(values)) {
      const input = document.createElement("input");
      input.name = name;
      input.value = value;
      form.append(input);
    }
    const files = document.createElement("input");
    files.type = "file";
    files.name = "media";
    files.id = "shared-files";
    form.append(files);
    document.body.append(form);
  }, fields);
  await page.locator("#shared-files").setInputFiles({
    name: "sunset.png",
    mimeType: "image/png",
    buffer: await redSquare(),
  });
  await page.evaluate(() =>
    (document.querySelector("#shared-files")!.closest("form") as HTMLFormElement).submit(),
  );
}

test("text and a photo shared into the app open the composer with both, and are posted once", async ({
  page,
  request,
}) => {
  const url = server.current.url;
  await signUpByApi(request, url, "partageur");
  await signInThroughPage(page, url, "partageur");
  await waitForWorker(page);

  await shareIntoApp(page, {
    title: "",
    text: "Regardez ce coucher de soleil",
    url: "https://example.org/soir",
  });
  await expect(page).toHaveURL(`${url}/`);
  const field = page.getByLabel("What's new?");
  await expect(field).toHaveValue("Regardez ce coucher de soleil\n\nhttps://example.org/soir");
  const attachments = page.getByRole("list", { name: "Attachments" });
  await expect(attachments.getByRole("listitem")).toHaveCount(1);
  await expect(attachments.locator("progress")).toHaveCount(0);
  // Kept on the device until posted: a reload shows the same composer, nothing twice.
  await page.reload();
  await expect(field).toHaveValue("Regardez ce coucher de soleil\n\nhttps://example.org/soir");
  await expect(attachments.getByRole("listitem")).toHaveCount(1);

  // The draft waits in the composer's row; opening it offers Post.
  await field.click();
  await page.getByRole("button", { name: "Post", exact: true }).click();
  const post = page.getByRole("article").filter({ hasText: "Regardez ce coucher de soleil" });
  await expect(post.locator("img[src*='/api/media/']")).toHaveCount(1);
  await expect(post.getByText("Sending…")).toHaveCount(0);
  await page.reload();
  await expect(field).toHaveValue("");
  await expect(attachments).toHaveCount(0);
  expect(await serverPostTexts(request, url, "partageur")).toEqual([
    "Regardez ce coucher de soleil\n\nhttps://example.org/soir",
  ]);
});
