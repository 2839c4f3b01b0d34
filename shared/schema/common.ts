import * as v from "valibot";
import { isId } from "../ids.ts";

/** Instagram handles: letters, digits, dots and underscores, 1 to 30 of them. */
export const INSTAGRAM_HANDLE_PATTERN = /^[A-Za-z0-9._]{1,30}$/;
/** P92 handles are Instagram's, lower-cased: unique case-insensitively. */
export const P92_HANDLE_PATTERN = /^[a-z0-9._]{1,30}$/;

export const LIMITS = {
  fullName: 150,
  bio: 500,
  url: 2048,
  linkTitle: 100,
  bioLinks: 10,
  mediaPerPost: 10,
  altText: 1500,
} as const;

export const IsoTimestamp = v.pipe(
  v.string(),
  v.check(
    (s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}T/.test(s),
    "must be an ISO 8601 date-time",
  ),
);

/** An http or https URL; anything else (javascript:, data:, ...) is refused. */
export const WebUrl = v.pipe(
  v.string(),
  v.maxLength(LIMITS.url, `must be at most ${LIMITS.url} characters`),
  v.check(isWebUrl, "must be an http or https URL"),
);

export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

export const InstagramHandle = v.pipe(
  v.string(),
  v.regex(INSTAGRAM_HANDLE_PATTERN, "must be 1-30 letters, digits, dots or underscores"),
);

export const Handle = v.pipe(
  v.string(),
  v.regex(P92_HANDLE_PATTERN, "must be 1-30 lower-case letters, digits, dots or underscores"),
);

export const Id = v.pipe(v.string(), v.check(isId, "must be a UUIDv7"));

export const Count = v.pipe(
  v.number(),
  v.integer("must be a whole number"),
  v.minValue(0, "must not be negative"),
);

export const boundedText = (max: number) =>
  v.pipe(v.string(), v.maxLength(max, `must be at most ${max} characters`));
