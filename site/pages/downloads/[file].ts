import type { APIRoute } from "astro";
import fs from "node:fs";
import path from "node:path";
import packageJson from "../../../package.json" with { type: "json" };

export const prerender = false;

/** The public names the onboarding page links to, and the browser each package is for. */
const PACKAGES: Record<string, string> = { "p92-chrome.zip": "chrome", "p92-firefox.zip": "firefox" };

/**
 * GET /downloads/p92-chrome.zip and /downloads/p92-firefox.zip on the Node server: the store
 * packages `npm run zip` made (extension/.output/p92-<version>-<browser>.zip), under stable names.
 * A static host serves copies of them from the same paths instead (site/README.md).
 */
export const GET: APIRoute = ({ params }) => {
  const browser = PACKAGES[params.file ?? ""];
  if (!browser) return new Response("Not found", { status: 404 });
  const outDir = path.resolve(process.cwd(), "extension", process.env.P92_EXTENSION_OUT_DIR ?? ".output");
  const file = path.join(outDir, `p92-${packageJson.version}-${browser}.zip`);
  if (!fs.existsSync(file))
    return new Response(`The ${browser} package is not built: run npm run zip.`, { status: 404 });
  return new Response(fs.readFileSync(file), {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${params.file}"`,
      "cache-control": "no-cache",
    },
  });
};
