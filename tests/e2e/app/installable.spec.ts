import sharp from "sharp";
import { expect, test, useServer } from "../support/fixtures.ts";
import { waitForWorker } from "./support.ts";

const server = useServer();

interface ManifestImage {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

test("Chromium finds the site installable, and every icon and screenshot of its manifest loads at its size", async ({
  page,
  request,
}) => {
  await page.goto(server.current.url);
  await waitForWorker(page);
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  expect(installabilityErrors).toEqual([]);
  const parsed = await cdp.send("Page.getAppManifest");
  expect(parsed.errors).toEqual([]);

  const manifestUrl = new URL("/manifest.webmanifest", server.current.url).href;
  expect(parsed.url).toBe(manifestUrl);
  const manifest = JSON.parse(parsed.data!) as {
    display: string;
    start_url: string;
    scope: string;
    icons: ManifestImage[];
    screenshots: (ManifestImage & { form_factor: string })[];
  };
  expect(manifest).toMatchObject({ display: "standalone", start_url: "/", scope: "/" });
  expect(manifest.icons.map((icon) => icon.purpose)).toContain("maskable");
  expect(manifest.screenshots.map((shot) => shot.form_factor).sort()).toEqual(["narrow", "wide"]);
  for (const image of [...manifest.icons, ...manifest.screenshots]) {
    const response = await request.get(new URL(image.src, manifestUrl).href);
    expect(response.status(), image.src).toBe(200);
    expect(response.headers()["content-type"]).toBe(image.type);
    const { width, height } = await sharp(await response.body()).metadata();
    expect(`${width}x${height}`, image.src).toBe(image.sizes);
  }
});
