import type { APIRequestContext, APIResponse } from "@playwright/test";
import { expect } from "@playwright/test";
import { newId } from "../../../shared/ids.ts";
import type { Account, Post } from "../../../shared/schema/social.ts";
import type { SyncOp, SyncResponse } from "../../../shared/sync.ts";

/** Generous limits for tests that are not about rate limiting. */
export const RELAXED_LIMITS = {
  P92_LIMIT_SIGN_UP_PER_IP: "10000/60",
  P92_LIMIT_SIGN_IN_PER_IP: "10000/60",
  P92_LIMIT_POSTS_PER_IP: "100000/60",
  P92_LIMIT_POSTS_PER_ACCOUNT: "100000/60",
  P92_LIMIT_ACTIONS_PER_IP: "100000/60",
  P92_LIMIT_ACTIONS_PER_ACCOUNT: "100000/60",
};

/**
 * Node's HTTP server closes keep-alive sockets idle for 5 s; a request sent on such a socket at
 * that instant gets ECONNRESET. Browsers retry those; so does this client (Playwright retries
 * only ECONNRESET), which is safe because every write here is idempotent.
 */
export const RETRY = { maxRetries: 2 };

export interface Person {
  handle: string;
  token: string;
  auth: { authorization: string };
}

/** A small API client over Playwright's request context, as a site or app would call it. */
export class Api {
  readonly request: APIRequestContext;
  readonly url: string;

  constructor(request: APIRequestContext, url: string) {
    this.request = request;
    this.url = url;
  }

  async signUp(handle: string, password = "correct horse battery"): Promise<Person> {
    const response = await this.request.post(`${this.url}/api/auth/sign-up`, {
      ...RETRY,
      data: { handle, password },
    });
    if (response.status() !== 201)
      throw new Error(`sign-up ${handle}: ${response.status()} ${await response.text()}`);
    const { token } = (await response.json()) as { token: string };
    return { handle, token, auth: { authorization: `Bearer ${token}` } };
  }

  post(
    person: Person,
    text: string,
    extra: Record<string, unknown> = {},
    id = newId(),
  ): Promise<APIResponse> {
    return this.request.post(`${this.url}/api/posts`, {
      ...RETRY,
      headers: person.auth,
      data: { id, text, ...extra },
    });
  }

  /** Uploads a file through the media route (201 checked): its id and address. */
  async upload(person: Person, bytes: Uint8Array, type = "image/png"): Promise<{ id: string; url: string }> {
    const answer = await this.request.post(`${this.url}/api/media`, {
      ...RETRY,
      headers: { ...person.auth, "content-type": type },
      data: Buffer.from(bytes),
    });
    expect(answer.status(), await answer.text()).toBe(201);
    return ((await answer.json()) as { media: { id: string; url: string } }).media;
  }

  async createPost(person: Person, text: string, extra: Record<string, unknown> = {}): Promise<Post> {
    const response = await this.post(person, text, extra);
    if (response.status() !== 201) throw new Error(`post: ${response.status()} ${await response.text()}`);
    return ((await response.json()) as { post: Post }).post;
  }

  async sync(
    person: Person,
    body: { ops?: SyncOp[]; cursor?: string | null; known?: string[] },
  ): Promise<SyncResponse> {
    const response = await this.request.post(`${this.url}/api/sync`, {
      ...RETRY,
      headers: person.auth,
      data: body,
    });
    if (response.status() !== 200) throw new Error(`sync: ${response.status()} ${await response.text()}`);
    return (await response.json()) as SyncResponse;
  }

  /** Any route, as `person` (or no one). */
  call(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    person: Person | null,
    path: string,
    data?: unknown,
  ): Promise<APIResponse> {
    return this.request.fetch(`${this.url}${path}`, {
      ...RETRY,
      method,
      headers: person?.auth ?? {},
      ...(data === undefined ? {} : { data }),
    });
  }

  follow(person: Person, handle: string): Promise<APIResponse> {
    return this.request.post(`${this.url}/api/accounts/${handle}/follow`, { ...RETRY, headers: person.auth });
  }
}

/** The ids of the posts (or replies) a route answers `person`, after checking it answered 200. */
export const postIds = async (api: Api, person: Person | null, path: string) => {
  const answer = await api.call("GET", person, path);
  expect(answer.status(), `${path}: ${await answer.text()}`).toBe(200);
  const body = (await answer.json()) as { posts?: Post[]; replies?: Post[] };
  return (body.posts ?? body.replies ?? []).map((p) => p.id);
};

/** The handles of the accounts a list route answers `person`. */
export const handles = async (api: Api, person: Person | null, path: string) => {
  const body = (await (await api.call("GET", person, path)).json()) as {
    accounts: (Account | { account: Account })[];
  };
  return body.accounts.map((a) => ("account" in a ? a.account.handle : a.handle));
};

/** `person`'s notifications, and how many are unread. */
export const notifications = async (api: Api, person: Person) =>
  (await (await api.call("GET", person, "/api/notifications")).json()) as {
    notifications: { actor: string; kind: string }[];
    unread: number;
  };
