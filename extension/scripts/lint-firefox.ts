// `npm run lint:firefox`: builds the Firefox add-on and runs Mozilla's addons-linter on it, the
// same checks addons.mozilla.org runs on upload. Fails (exit 1) on any linter error.
import { spawnSync } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const outDir = path.resolve(ROOT, "extension", process.env.P92_EXTENSION_OUT_DIR ?? ".output");

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run("npx", ["wxt", "build", "extension", "-b", "firefox"]);
run("npx", ["addons-linter", "--output", "text", path.join(outDir, "firefox-mv2")]);
