/**
 * Where the end-to-end tests and benchmarks find their browsers (Debian's packages; nothing is ever
 * downloaded), and what to say when one is missing. No driver is loaded here.
 */
import fs from "node:fs";
import { CHROMIUM_ENV, chromiumPath } from "./chromium.ts";

export const FIREFOX_ENV = "P92_FIREFOX";
const DEFAULT_FIREFOX = "/usr/bin/firefox-esr";

export const firefoxPath = () => process.env[FIREFOX_ENV]?.trim() || DEFAULT_FIREFOX;

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

export const missingFirefoxMessage = () =>
  missingBrowserMessage({
    name: "Firefox ESR",
    path: firefoxPath(),
    env: FIREFOX_ENV,
    debianPackage: "firefox-esr",
  });
