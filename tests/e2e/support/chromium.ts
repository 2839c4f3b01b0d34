/** Where the end-to-end tests and benchmarks find Chromium; they never download a browser. */
export const CHROMIUM_ENV = "P92_CHROMIUM";
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

export function chromiumPath(): string {
  return process.env[CHROMIUM_ENV]?.trim() || DEFAULT_CHROMIUM;
}

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
