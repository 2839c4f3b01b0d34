import { sitePattern, targetBrowser } from "./match-patterns.ts";

declare const __P92_SITE_ORIGIN__: string | undefined;
declare const __P92_BROWSER__: string | undefined;

/**
 * The P92 site this build talks to out of the box: the origin of P92_SITE_URL at build time
 * (wxt.config.ts defines it). Modules read it from here so unit tests run without the define.
 */
export const BUILT_SITE_ORIGIN: string =
  typeof __P92_SITE_ORIGIN__ === "string" ? __P92_SITE_ORIGIN__ : "http://localhost:4321";

/** The browser this build is for (WXT's `-b`); Chrome in unit tests. */
const BUILT_BROWSER = targetBrowser(typeof __P92_BROWSER__ === "string" ? __P92_BROWSER__ : "chrome");

/** The match pattern for every page of a site origin in this build's browser (match-patterns.ts). */
export const originPattern = (origin: string) => sitePattern(origin, BUILT_BROWSER);
