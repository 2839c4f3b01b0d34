/**
 * The runtime messages between the extension's own parts (popup, options, the consent window, the
 * Instagram and the site content scripts, the background). One type per message; every message is validated where
 * it is received; answers are `{ ok: true, value }` or `{ ok: false, error }`, and `send` re-throws
 * the error on the caller's side.
 */
import * as v from "valibot";
import { browser } from "wxt/browser";
import { ImportProblem } from "../../shared/import-progress.ts";
import { FollowList, ImportedFollow, ImportedProfile } from "../../shared/schema/instagram.ts";
import { t } from "./i18n.ts";

const RunId = v.pipe(v.string(), v.maxLength(100));
const Cursor = v.nullable(v.pipe(v.string(), v.maxLength(500)));
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const ConsentId = v.pipe(v.string(), v.minLength(1), v.maxLength(100));

/** Messages the background answers. */
export const BackgroundRequest = v.variant("type", [
  v.object({ type: v.literal("import/start") }),
  v.object({ type: v.literal("import/cancel") }),
  // From the Instagram content script while it imports.
  v.object({ type: v.literal("store/profile"), profile: ImportedProfile }),
  v.object({ type: v.literal("store/begin-run"), list: FollowList }),
  v.object({
    type: v.literal("store/page"),
    page: v.object({
      list: FollowList,
      runId: RunId,
      rows: v.pipe(v.array(ImportedFollow), v.maxLength(1000)),
      nextCursor: Cursor,
      skipped: v.optional(Count),
    }),
  }),
  v.object({ type: v.literal("store/finish-run"), list: FollowList, runId: RunId }),
  v.object({ type: v.literal("import/waiting"), resumeAt: v.nullable(v.pipe(v.string(), v.maxLength(40))) }),
  v.object({
    type: v.literal("import/finished"),
    status: v.picklist(["done", "cancelled", "failed"]),
    problem: v.nullable(ImportProblem),
  }),
  // From the site bridge content script: whether its page's exact origin is an allowed site.
  v.object({ type: v.literal("bridge/allowed") }),
  v.object({ type: v.literal("bridge/get-profile") }),
  v.object({
    type: v.literal("bridge/get-follows"),
    list: FollowList,
    /** The last handle of the previous page; null for the first page. */
    after: v.nullable(v.pipe(v.string(), v.maxLength(64))),
    limit: v.pipe(Count, v.maxValue(5000)),
  }),
  // From the options page.
  v.object({ type: v.literal("data/summary") }),
  v.object({ type: v.literal("data/delete") }),
  v.object({ type: v.literal("sites/sync") }),
  // From the confirmation window a site's start-import opens (lib/background/consent-prompt.ts).
  v.object({ type: v.literal("consent/get"), id: ConsentId }),
  v.object({ type: v.literal("consent/answer"), id: ConsentId, allow: v.boolean() }),
]);
export type BackgroundRequest = v.InferOutput<typeof BackgroundRequest>;

/** Messages the site bridge content script answers: how the person answered a site's request. */
export const BridgeTabMessage = v.variant("type", [
  v.object({
    type: v.literal("consent/decided"),
    id: ConsentId,
    /** `allowed`: the import started; `declined`: Cancel or the window closed; `failed`: see message. */
    outcome: v.picklist(["allowed", "declined", "failed"]),
    message: v.pipe(v.string(), v.maxLength(500)),
  }),
]);
export type BridgeTabMessage = v.InferOutput<typeof BridgeTabMessage>;

/** Messages the Instagram content script answers. */
export const InstagramTabRequest = v.variant("type", [
  v.object({ type: v.literal("import/run") }),
  v.object({ type: v.literal("import/cancel") }),
]);
export type InstagramTabRequest = v.InferOutput<typeof InstagramTabRequest>;

export interface MessageError {
  code: string;
  message: string;
}
export type Answer<T> = { ok: true; value: T } | { ok: false; error: MessageError };

export const answer = <T>(value: T): Answer<T> => ({ ok: true, value });
export const refuse = (code: string, message: string): Answer<never> => ({
  ok: false,
  error: { code, message },
});

export class MessageFailed extends Error {
  code: string;
  constructor(error: MessageError) {
    super(error.message);
    this.name = "MessageFailed";
    this.code = error.code;
  }
}

function unwrap<T>(reply: unknown): T {
  if (typeof reply !== "object" || reply === null || !("ok" in reply)) {
    throw new MessageFailed({ code: "no-answer", message: t("noAnswer") });
  }
  const typed = reply as Answer<T>;
  if (!typed.ok) throw new MessageFailed(typed.error);
  return typed.value;
}

/** Sends a request to the background and returns its value, or throws its error. */
export async function sendToBackground<T = unknown>(request: BackgroundRequest): Promise<T> {
  return unwrap<T>(await browser.runtime.sendMessage(request));
}

/** Sends a request to the Instagram content script in `tabId`. */
export async function sendToInstagramTab<T = unknown>(
  tabId: number,
  request: InstagramTabRequest,
): Promise<T> {
  return unwrap<T>(await browser.tabs.sendMessage(tabId, request));
}

/** Tells the site bridge content script in one tab and frame how the person answered. */
export async function sendToBridgeTab(
  tabId: number,
  frameId: number,
  message: BridgeTabMessage,
): Promise<void> {
  unwrap(await browser.tabs.sendMessage(tabId, message, { frameId }));
}
