import type { APIRequestContext } from "@playwright/test";
import { RETRY, type Person } from "../server/client.ts";

/** Answers are JSON that each test checks with expect(), field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The social-graph routes as the site calls them, answering status and parsed body. */
export class GraphApi {
  readonly request: APIRequestContext;
  readonly url: string;

  constructor(request: APIRequestContext, url: string) {
    this.request = request;
    this.url = url;
  }

  async call(
    person: Person,
    method: "GET" | "POST" | "PATCH",
    path: string,
    data?: unknown,
  ): Promise<{ status: number; body: Json; headers: Record<string, string> }> {
    const response = await this.request.fetch(`${this.url}${path}`, {
      ...RETRY,
      method,
      headers: person.auth,
      ...(data === undefined ? {} : { data }),
    });
    return { status: response.status(), body: await response.json(), headers: response.headers() };
  }

  async askCode(person: Person, handle?: string): Promise<string> {
    const { status, body } = await this.call(
      person,
      "POST",
      "/api/instagram/proof",
      handle ? { handle } : {},
    );
    if (status !== 201) throw new Error(`proof: ${status} ${JSON.stringify(body)}`);
    return body.proof.code as string;
  }

  check(person: Person) {
    return this.call(person, "POST", "/api/instagram/proof/check");
  }

  async me(person: Person): Promise<Json> {
    return (await this.call(person, "GET", "/api/me")).body.account;
  }
}
