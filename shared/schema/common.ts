import * as v from "valibot";
import { isId } from "../ids.ts";

export {
  HANDLE_CHARACTERS,
  HANDLE_PATTERN,
  isWebUrl,
  LIMITS,
  readHandle,
  readRemoteHandle,
  REMOTE_HANDLE_PATTERN,
} from "../input-rules.ts";
import { HANDLE_PATTERN, isWebUrl, LIMITS, readHandle, readRemoteHandle } from "../input-rules.ts";

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

/** A handle as Instagram spells it (the imported profile keeps its capitals). */
export const InstagramHandle = v.pipe(
  v.string(),
  v.regex(HANDLE_PATTERN, "must be 1-30 letters, digits, dots or underscores"),
);

/** A P92 account's handle, or a remote account's `user@host`. */
export const AccountHandle = v.pipe(
  v.string(),
  v.check(
    (handle) => readHandle(handle) === handle || readRemoteHandle(handle) === handle,
    "must be a handle, or user@host for someone on another server",
  ),
);

export const Id = v.pipe(v.string(), v.check(isId, "must be a UUIDv7"));

/** The id the server gave an upload. */
export const MediaId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a media id"));

export const Count = v.pipe(
  v.number(),
  v.integer("must be a whole number"),
  v.minValue(0, "must not be negative"),
);

/**
 * Text of a person's or Instagram's (names, bio, link titles, alt text), bounded in UTF-16 code
 * units: what is stored and sent, whatever the number of graphemes.
 */
export const boundedText = (max: number) =>
  v.pipe(v.string(), v.maxLength(max, `must be at most ${max} characters`));
