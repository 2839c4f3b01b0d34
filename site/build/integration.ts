import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { renderIcons } from "./icons.ts";
import { addModulePreloads } from "./modulepreload.ts";
import { precompress } from "./precompress.ts";
import { writeServiceWorker } from "./service-worker.ts";

/**
 * After the pages are built: the app's icons, the pages' module preloads, then the service worker
 * that lists every file.
 */
export function installableApp(): AstroIntegration {
  return {
    name: "p92-installable-app",
    hooks: {
      "astro:build:done": async ({ dir, logger }) => {
        const clientDir = fileURLToPath(dir);
        await renderIcons(clientDir);
        logger.info(`module preloads added to ${await addModulePreloads(clientDir)} pages`);
        const manifest = await writeServiceWorker(clientDir);
        logger.info(`service worker: ${manifest.files.length} files, version ${manifest.version}`);
        // Last: the service worker is compressed too, and lists no compressed copy.
        logger.info(`compressed copies: ${await precompress(clientDir)}`);
      },
    },
  };
}
