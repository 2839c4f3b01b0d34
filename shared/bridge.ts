/**
 * The bridge between a P92 site page and the P92 extension: a typed, versioned protocol over
 * `window.postMessage`. Version 1.
 *
 * Who talks: the page (site code, main world) and the extension's bridge content script, which
 * answers only on the P92 site origins the person allowed (the build-time P92_SITE_URL origin,
 * plus origins added in the extension's options). Chrome injects it into those origins only;
 * Firefox, whose match patterns cannot name a port, into every port of their hosts, where the
 * script answers only once the extension confirmed the exact origin. On any other origin the page
 * gets no answer at all. The page never sees Instagram cookies or tokens: only the
 * imported profile and follow rows below.
 *
 * Every message is an object `{ ns: "p92-bridge", v: 1, to: "extension" | "page", type, ... }`.
 * Both sides post with `window.postMessage(message, location.origin)` and accept a message only when
 * `event.source === window`, `event.origin === location.origin` and the message matches the schema
 * for its `to` and `type` (see `readBridgeMessage`). Anything else is ignored silently.
 *
 * Page → extension (each carries a `requestId` the answer repeats):
 * - `hello`: handshake. Answer: `hello` with `extensionVersion` and `protocolVersion`.
 * - `start-import`: start (or resume) the Instagram import. Only a person starts it: the first time
 *   a site asks, the extension answers `consent-asked` and opens its own window naming this
 *   origin; "Allow and import" there remembers the origin (revocable in the extension's options)
 *   and starts the import. Answer: `import-started` (at once when the origin was allowed before,
 *   else after the person's click), or `error` with code `declined` (Cancel, or the window was
 *   closed) or another code. Progress then arrives as `progress` events. Reading the data needs
 *   no such click.
 * - `cancel-import`: stop the import; what was imported is kept. Answer: `import-cancelled`.
 * - `get-imported`: "give me the imported data". Answers, in order: one `imported-profile`
 *   (profile or null, avatar as a Blob or null), `imported-follows` chunks of at most
 *   `BRIDGE_CHUNK_ROWS` rows (`list`, `rows`), then one `imported-end` with the row counts.
 *   Store each chunk as it arrives with `shared/db/imported.ts`: per list `beginFollowRun`,
 *   `storeFollowPage` for each chunk under that run id, then `finishFollowRun` (drops rows not
 *   received); and `storeImportedProfile`.
 *
 * Extension → page, unasked: `progress` whenever the import moves (`ImportProgress`, in
 * ./import-progress.ts). Errors come back as data: `error` with `requestId`, a `code` and a
 * sentence for people (in the browser's language: the extension's own words).
 *
 * This file is the protocol only. Its two ends: the extension's bridge content script
 * (extension/lib/bridge/page-bridge.ts), and the page's client, `createBridgeClient(window)` in
 * site/lib/bridge-client.ts, whose chunks site/lib/import-store.ts stores as they arrive.
 */
import * as v from "valibot";
import { ImportProgress } from "./import-progress.ts";
import { Count } from "./schema/common.ts";
import { ImportedFollow, ImportedProfile, FollowList } from "./schema/instagram.ts";

export const BRIDGE_NAMESPACE = "p92-bridge";
export const BRIDGE_PROTOCOL_VERSION = 1;
/** Rows per `imported-follows` message: small enough to clone quickly, few enough messages. */
export const BRIDGE_CHUNK_ROWS = 2000;

const RequestId = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const Sentence = v.pipe(v.string(), v.maxLength(500));

const envelope = <To extends "extension" | "page", Type extends string, T extends v.ObjectEntries>(
  to: To,
  type: Type,
  entries: T,
) =>
  v.object({
    ns: v.literal(BRIDGE_NAMESPACE),
    v: v.literal(BRIDGE_PROTOCOL_VERSION),
    to: v.literal(to),
    type: v.literal(type),
    ...entries,
  });

export const PageMessage = v.variant("type", [
  envelope("extension", "hello", { requestId: RequestId }),
  envelope("extension", "start-import", { requestId: RequestId }),
  envelope("extension", "cancel-import", { requestId: RequestId }),
  envelope("extension", "get-imported", { requestId: RequestId }),
]);
export type PageMessage = v.InferOutput<typeof PageMessage>;

export const ExtensionMessage = v.variant("type", [
  envelope("page", "hello", {
    requestId: RequestId,
    extensionVersion: v.pipe(v.string(), v.maxLength(40)),
    protocolVersion: Count,
  }),
  envelope("page", "import-started", { requestId: RequestId }),
  /** Not an answer yet: the extension waits for the person to confirm in its window. */
  envelope("page", "consent-asked", { requestId: RequestId }),
  envelope("page", "import-cancelled", { requestId: RequestId }),
  envelope("page", "progress", { progress: ImportProgress }),
  envelope("page", "imported-profile", {
    requestId: RequestId,
    profile: v.nullable(ImportedProfile),
    avatar: v.nullable(v.instance(Blob)),
  }),
  envelope("page", "imported-follows", {
    requestId: RequestId,
    list: FollowList,
    rows: v.pipe(v.array(ImportedFollow), v.maxLength(BRIDGE_CHUNK_ROWS)),
  }),
  envelope("page", "imported-end", {
    requestId: RequestId,
    counts: v.object({ following: Count, followers: Count }),
  }),
  envelope("page", "error", {
    requestId: RequestId,
    code: v.pipe(v.string(), v.maxLength(40)),
    message: Sentence,
  }),
]);
export type ExtensionMessage = v.InferOutput<typeof ExtensionMessage>;

/** A message without its envelope, as callers write it. */
export type BridgeBody<M> = M extends unknown ? Omit<M, "ns" | "v" | "to"> : never;

/** Wraps a message body in the namespaced, versioned envelope. */
export function pageMessage(body: BridgeBody<PageMessage>): PageMessage {
  return { ns: BRIDGE_NAMESPACE, v: BRIDGE_PROTOCOL_VERSION, to: "extension", ...body };
}
export function extensionMessage(body: BridgeBody<ExtensionMessage>): ExtensionMessage {
  return { ns: BRIDGE_NAMESPACE, v: BRIDGE_PROTOCOL_VERSION, to: "page", ...body };
}

/**
 * The one gate for incoming bridge messages: same window, exact origin, then the schema.
 * Returns null for anything else, which the caller ignores without answering.
 */
export function readBridgeMessage<S extends typeof PageMessage | typeof ExtensionMessage>(
  schema: S,
  event: MessageEvent,
  win: Window,
): v.InferOutput<S> | null {
  if (event.source !== win || event.origin !== win.location.origin) return null;
  const data: unknown = event.data;
  if (typeof data !== "object" || data === null || (data as { ns?: unknown }).ns !== BRIDGE_NAMESPACE)
    return null;
  const result = v.safeParse(schema, data);
  return result.success ? result.output : null;
}
