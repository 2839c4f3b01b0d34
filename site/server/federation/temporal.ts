import { Temporal as Polyfill } from "@js-temporal/polyfill";

/*
 * Fedify's types name the global `Temporal` (TypeScript's esnext.temporal lib), which Node 24
 * does not have at run time; Fedify itself runs on this polyfill. Values are made here, with the
 * polyfill, and typed as Fedify expects. Never use the global `Temporal` as a value.
 */

export const instant = (iso: string): Temporal.Instant =>
  Polyfill.Instant.from(iso) as unknown as Temporal.Instant;

export const duration = (like: Temporal.DurationLike): Temporal.Duration =>
  Polyfill.Duration.from(like) as unknown as Temporal.Duration;
