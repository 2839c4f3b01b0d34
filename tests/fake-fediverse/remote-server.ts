import {
  genDigestHeaderBothRFC3230AndRFC9530,
  genRsaKeyPair,
  parseRequestSignature,
  signAsDraftToRequest,
  verifyDigestHeader,
  verifyDraftSignature,
  type RequestLike,
} from "@misskey-dev/node-http-message-signatures";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";

/**
 * Another fediverse server, written without Fedify: its actors are Mastodon-shaped JSON, and it
 * signs and checks HTTP signatures with Misskey's library (draft-cavage, as older Mastodon sends
 * and expects). It refuses an RFC 9421 signature with 401, as a server that only knows the draft
 * does, so a sender has to fall back to the draft.
 */
export interface RemoteServer {
  origin: string;
  /** `user@host` as P92 names its accounts. */
  handle(name: string): string;
  actorUri(name: string): string;
  /** The `acct:` resources its WebFinger was asked for, in order. */
  webFingerLookups: string[];
  /** Every activity POSTed to its inboxes, and whether its draft signature and digest checked out. */
  received: ReceivedActivity[];
  /** The path of every document GET asked of it (WebFinger aside), in order. */
  fetched: string[];
  /** Changes what an actor's document says (an Update follows in the test). */
  setProfile(name: string, profile: Partial<Profile>): void;
  /** The actor's document as served. */
  actorDocument(name: string): Record<string, unknown>;
  /**
   * How its inboxes answer from now on: `accept` (202 when signed, 401 when not), `fail` (500 to
   * everything), `hang` (reads the activity, records it, never answers).
   */
  setInbox(mode: InboxMode): void;
  /**
   * What its WebFinger answers for `name@its host` from now on: an actor's id (of any server), or
   * null for 404. By default, its own actors.
   */
  setWebFinger(name: string, actorId: string | null): void;
  /** Serves a file (a photo, say) at a path of this server. */
  serveFile(path: string, body: Buffer, type: string): void;
  /** Serves a document (a note, say) at its id, which must be a URL of this server. */
  publish(document: Record<string, unknown> & { id: string }): void;
  /**
   * Serves an actor document in another implementation's shape (a fixture whose ids were moved
   * to this server) as one of its own: with a key this server holds, which then signs what that
   * actor sends.
   */
  adopt(actor: Record<string, unknown> & { id: string }): Promise<void>;
  /**
   * The POST of an activity to an inbox, signed as its actor, optionally altered after signing
   * (to send with `fetch`, or to hand to a federation object directly).
   */
  signed(inbox: string, activity: Record<string, unknown>, options?: SignOptions): Promise<Request>;
  /** The Accept its actor sends back for a Follow it received. */
  acceptOf(follow: Record<string, unknown>): Record<string, unknown>;
  close(): Promise<void>;
}

export interface ReceivedActivity {
  path: string;
  activity: Record<string, unknown>;
  verified: boolean;
  /** What the inbox answered (null: it never did). */
  status: number | null;
}

export type InboxMode = "accept" | "fail" | "hang";

interface Profile {
  name: string;
  summary: string;
  icon: string | null;
  /** Where the actor says its inbox is (default: on this server). */
  inbox: string | null;
}

export interface SignOptions {
  /** The actor whose key signs (default: the activity's actor). */
  signAs?: string;
  /** Sends no signature at all. */
  unsigned?: boolean;
  /** The key id the signature names (default: the signer's own key). */
  keyId?: string;
  /** Alters the request after it was signed. */
  tamper?: "date" | "body";
}

/**
 * Starts the server on a loopback port with the given actors. `fetchDocument` is how it reads a
 * signer's key (default: over HTTP; a unit test passes the P92 federation's own fetch).
 */
export async function startRemoteServer(
  names: string[],
  fetchDocument: (url: string) => Promise<Response> = (url) =>
    fetch(url, { headers: { accept: "application/activity+json" } }),
  options: { tls?: { cert: string; key: string } } = {},
): Promise<RemoteServer> {
  const keys = new Map<string, { publicKey: string; privateKey: string }>();
  const profiles = new Map<string, Profile>();
  for (const name of names) {
    keys.set(name, await genRsaKeyPair(2048));
    profiles.set(name, {
      name: name[0]!.toUpperCase() + name.slice(1),
      summary: `<p>I am ${name}</p>`,
      icon: null,
      inbox: null,
    });
  }
  const received: ReceivedActivity[] = [];
  const fetched: string[] = [];
  let inboxMode: InboxMode = "accept";
  let accepts = 0;
  const published = new Map<string, Record<string, unknown>>();
  const servedFiles = new Map<string, { body: Buffer; type: string }>();
  const adopted = new Map<string, { publicKey: string; privateKey: string }>();
  let origin = "";
  const actorUri = (name: string) => `${origin}/users/${name}`;

  const actorDocument = (name: string) => {
    const id = actorUri(name);
    const profile = profiles.get(name)!;
    return {
      "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
      id,
      type: "Person",
      preferredUsername: name,
      name: profile.name,
      summary: profile.summary,
      url: `${origin}/@${name}`,
      inbox: profile.inbox ?? `${id}/inbox`,
      outbox: `${id}/outbox`,
      followers: `${id}/followers`,
      following: `${id}/following`,
      endpoints: { sharedInbox: `${origin}/inbox` },
      ...(profile.icon ? { icon: { type: "Image", mediaType: "image/png", url: profile.icon } } : {}),
      publicKey: { id: `${id}#main-key`, owner: id, publicKeyPem: keys.get(name)!.publicKey },
    };
  };

  // WebFinger's answers that differ from the usual one (an actor elsewhere, or none).
  const webFingers = new Map<string, string | null>();
  const webFingerLookups: string[] = [];
  const webFinger = (resource: string | null) => {
    webFingerLookups.push(resource ?? "");
    const name = /^acct:([^@]+)@(.+)$/.exec(resource ?? "");
    if (!name || name[2] !== new URL(origin).host) return null;
    // User names are case-insensitive, as Mastodon's are.
    const user = name[1]!.toLowerCase();
    const set = [...webFingers.keys()].find((key) => key.toLowerCase() === user);
    const own = [...profiles.keys()].find((key) => key.toLowerCase() === user);
    const href = set !== undefined ? webFingers.get(set) : own !== undefined ? actorUri(own) : null;
    return href
      ? { subject: resource, links: [{ rel: "self", type: "application/activity+json", href }] }
      : null;
  };

  const handler = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(request.url ?? "/", origin);
    const path = url.pathname;
    if (request.method === "GET" && path === "/.well-known/webfinger") {
      const descriptor = webFinger(url.searchParams.get("resource"));
      response.writeHead(descriptor ? 200 : 404, { "content-type": "application/jrd+json" });
      response.end(descriptor ? JSON.stringify(descriptor) : "");
      return;
    }
    if (request.method === "GET") fetched.push(path);
    const served = servedFiles.get(path);
    if (request.method === "GET" && served) {
      response.writeHead(200, { "content-type": served.type });
      response.end(served.body);
      return;
    }
    const actor = /^\/users\/([^/]+)$/.exec(path)?.[1];
    const document = actor && profiles.has(actor) ? actorDocument(actor) : published.get(path);
    if (request.method === "GET" && document) {
      response.writeHead(200, { "content-type": "application/activity+json" });
      response.end(JSON.stringify(document));
      return;
    }
    if (request.method === "POST" && /\/inbox\/?$/.test(path)) {
      const verified = await verifyDraft(request, body, fetchDocument);
      const activity = JSON.parse(body) as Record<string, unknown>;
      if (inboxMode === "hang") {
        received.push({ path, activity, verified, status: null });
        return;
      }
      const status = inboxMode === "fail" ? 500 : verified ? 202 : 401;
      received.push({ path, activity, verified, status });
      response.writeHead(status).end();
      return;
    }
    response.writeHead(404).end();
  };
  const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  // Certificates name localhost; WebFinger's acct: lookups need https.
  origin = options.tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`;

  return {
    origin,
    handle: (name) => `${name}@${new URL(origin).host}`,
    actorUri,
    received,
    fetched,
    webFingerLookups,
    setProfile: (name, profile) => profiles.set(name, { ...profiles.get(name)!, ...profile }),
    setWebFinger: (name, actorId) => webFingers.set(name, actorId),
    setInbox: (mode) => {
      inboxMode = mode;
    },
    actorDocument,
    serveFile: (path, body, type) => servedFiles.set(path, { body, type }),
    publish: (document) =>
      published.set(new URL(document.id).pathname, {
        "@context": "https://www.w3.org/ns/activitystreams",
        ...document,
      }),
    async adopt(actor) {
      const key = await genRsaKeyPair(2048);
      adopted.set(actor.id, key);
      const publicKey = { id: `${actor.id}#main-key`, owner: actor.id, publicKeyPem: key.publicKey };
      published.set(new URL(actor.id).pathname, { ...actor, publicKey });
    },
    async signed(inbox, activity, options = {}) {
      const body = JSON.stringify(activity);
      const url = new URL(inbox);
      const request: RequestLike = {
        url: url.href,
        method: "POST",
        headers: {
          Date: new Date().toUTCString(),
          Host: url.host,
          "Content-Type": "application/activity+json",
        },
        body,
      };
      await genDigestHeaderBothRFC3230AndRFC9530(request, body, "SHA-256");
      if (!options.unsigned) {
        const own = options.signAs === undefined ? adopted.get(String(activity.actor)) : undefined;
        const signer = options.signAs ?? String(activity.actor).split("/").at(-1)!;
        const key = own
          ? { keyId: `${String(activity.actor)}#main-key`, privateKeyPem: own.privateKey }
          : { keyId: `${actorUri(signer)}#main-key`, privateKeyPem: keys.get(signer)!.privateKey };
        if (options.keyId !== undefined) key.keyId = options.keyId;
        await signAsDraftToRequest(request, key, ["(request-target)", "date", "host", "digest"]);
      }
      const headers = new Headers(request.headers as Record<string, string>);
      if (options.tamper === "date") headers.set("Date", new Date(Date.now() + 60_000).toUTCString());
      const sent = options.tamper === "body" ? body.replace(activity.type as string, "Like") : body;
      return new Request(url, { method: "POST", headers, body: sent });
    },
    acceptOf: (follow) => ({
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${String(follow.object)}#accepts/${++accepts}`,
      type: "Accept",
      actor: follow.object,
      object: follow,
    }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Whether a request carries a valid draft-cavage signature (and digest) of the key it names. */
async function verifyDraft(
  request: http.IncomingMessage,
  body: string,
  fetchDocument: (url: string) => Promise<Response>,
): Promise<boolean> {
  try {
    if (!(await verifyDigestHeader(request, body, true))) return false;
    const parsed = parseRequestSignature(request, { clockSkew: { forward: 300_000, delay: 300_000 } });
    if (parsed.version !== "draft") return false;
    const keyId = parsed.value.params.keyId;
    const owner = (await (await fetchDocument(keyId)).json()) as {
      publicKey?: { id: string; publicKeyPem: string };
    };
    if (owner.publicKey?.id !== keyId) return false;
    return await verifyDraftSignature(parsed.value, owner.publicKey.publicKeyPem);
  } catch {
    return false;
  }
}
