declare const __P92_SITE_ORIGIN__: string | undefined;

/**
 * The P92 site this build talks to out of the box: the origin of P92_SITE_URL at build time
 * (wxt.config.ts defines it). Modules read it from here so unit tests run without the define.
 */
export const BUILT_SITE_ORIGIN: string =
  typeof __P92_SITE_ORIGIN__ === "string" ? __P92_SITE_ORIGIN__ : "http://localhost:4321";
