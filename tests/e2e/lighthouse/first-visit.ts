// The site Lighthouse audits (issue 16), shared by the `lighthouse` project and the benchmark: the
// built server as `npm start` runs it, and its pages as a first-time visitor sees them, with
// nothing on the device and no session.
import { zipSync } from "fflate";
import fs from "node:fs";
import path from "node:path";
import packageJson from "../../../package.json" with { type: "json" };
import { newId } from "../../../shared/ids.ts";
import { chromiumArgs, chromiumPath } from "../support/chromium.ts";
import { startServer, tempDir } from "../support/server.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** Whose profile is audited; the search page finds their post too. */
export const PROFILE_HANDLE = "lighthouse";

/**
 * Onboarding (the home page without an account), settings, a search that finds a post, and a
 * profile with a name, a bio and a post: each fetches what it shows from the server. Named in
 * words, as an address with `@` in a test's title would be taken for a Playwright tag.
 */
export const FIRST_VISIT_PAGES = [
  { name: "onboarding", path: "/" },
  { name: "settings", path: "/settings/" },
  { name: "search", path: "/search/?q=test" },
  { name: "profile", path: `/@${PROFILE_HANDLE}` },
];

/**
 * Starts the built server with the extension packages the onboarding page offers and the account
 * the profile and search pages show. `npm start` makes the packages (`npm run zip`); `npm test`
 * builds only the unpacked extensions, so they are packed here: without them the onboarding page's
 * check for them would log two 404s, which Lighthouse counts against best practices, though no
 * visitor of a server started by `npm start` sees them.
 */
export async function startFirstVisitSite(): Promise<{ url: string; stop: () => Promise<void> }> {
  const packages = packExtensions();
  const server = await startServer({ env: { P92_EXTENSION_OUT_DIR: packages } });
  const stop = async () => {
    await server.stop();
    for (const dir of [server.dataDir, packages]) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await createProfile(server.url);
    await warmUp(server.url);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: server.url, stop };
}

/** Zips the unpacked Chrome and Firefox builds under the names `npm run zip` gives them. */
function packExtensions(): string {
  const dir = tempDir("packages");
  for (const [browser, build] of [
    ["chrome", "chrome-mv3"],
    ["firefox", "firefox-mv2"],
  ]) {
    const from = path.join(ROOT, "extension/.output", build!);
    if (!fs.existsSync(path.join(from, "manifest.json")))
      throw new Error(`No built extension in ${from}: run npm run build`);
    const files: Record<string, Uint8Array> = {};
    for (const entry of fs.readdirSync(from, { recursive: true, withFileTypes: true })) {
      const file = path.join(entry.parentPath, entry.name);
      if (entry.isFile()) files[path.relative(from, file)] = fs.readFileSync(file);
    }
    fs.writeFileSync(path.join(dir, `p92-${packageJson.version}-${browser}.zip`), zipSync(files));
  }
  return dir;
}

/**
 * Visits every audited page once before any audit: the first requests a new server answers, and
 * the first start of Chromium, are slower than any visitor of a running server sees (measured: the
 * first audit of a run scored up to 6 points under the same page's next ones).
 */
async function warmUp(serverUrl: string): Promise<void> {
  const puppeteer = await import("puppeteer-core");
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    args: chromiumArgs(),
    headless: true,
  });
  try {
    const page = await browser.newPage();
    for (const { path: pagePath } of FIRST_VISIT_PAGES)
      await page.goto(serverUrl + pagePath, { waitUntil: "networkidle0" });
  } finally {
    await browser.close();
  }
}

/** Creates, through the API, the account whose profile and post the pages show. */
async function createProfile(serverUrl: string): Promise<void> {
  const signUp = await fetch(`${serverUrl}/api/auth/sign-up`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      handle: PROFILE_HANDLE,
      password: "correct horse battery",
      profile: { displayName: "Light House", bio: "Keeping an eye on the coast. #lighthouse" },
    }),
  });
  if (signUp.status !== 201) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
  const { token } = (await signUp.json()) as { token: string };
  const post = await fetch(`${serverUrl}/api/posts`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ id: newId(), text: "A test of the light at dusk, seen from the pier. #coast" }),
  });
  if (post.status !== 201) throw new Error(`posting failed: ${post.status} ${await post.text()}`);
}
