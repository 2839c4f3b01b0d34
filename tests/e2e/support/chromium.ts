import fs from "node:fs";

/** Where the end-to-end tests and benchmarks find Chromium; they never download a browser. */
export const CHROMIUM_ENV = "P92_CHROMIUM";
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

export function chromiumPath(): string {
  return process.env[CHROMIUM_ENV]?.trim() || DEFAULT_CHROMIUM;
}

/** Null when a browser binary is there, else what to do about it, in words. */
export function missingBrowserMessage(browser: {
  name: string;
  path: string;
  env: string;
  debianPackage: string;
}): string | null {
  const { name, path, env, debianPackage } = browser;
  try {
    fs.accessSync(path, fs.constants.X_OK);
    return null;
  } catch {
    return [
      `${name} was not found at ${path}.`,
      `Install Debian's ${name} with: sudo apt-get update && sudo apt-get install -y ${debianPackage}`,
      `or point ${env} at a ${name} binary, e.g. ${env}=/path/to/${debianPackage} npm test`,
    ].join("\n");
  }
}

export const missingChromiumMessage = () =>
  missingBrowserMessage({
    name: "Chromium",
    path: chromiumPath(),
    env: CHROMIUM_ENV,
    debianPackage: "chromium",
  });

/**
 * Flags for headless Chromium on a machine with a closed network: without the background
 * networking ones, Chromium keeps trying to reach Google's services at every start.
 */
export function chromiumArgs(extensionDir?: string): string[] {
  const args = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-gpu",
  ];
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  if (extensionDir)
    args.push(`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`);
  return args;
}
