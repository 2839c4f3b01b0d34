/**
 * Public Instagram profiles as the P92 server reads them when it checks a proof code: a local
 * server answering `web_profile_info` in the real shape (the fake Instagram's fixture, with the
 * username, bio and badge of each test person), or the failures Instagram gives: 429, 404.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import selfWebProfile from "../../fake-instagram/fixtures/self-web-profile.json" with { type: "json" };

export interface PublicProfile {
  biography: string;
  verified: boolean;
  /** Answer in the newer `{ user }` shape with the bio only in `biography_with_entities`. */
  newerShape?: boolean;
}

export interface FakeProfiles {
  url: string;
  profiles: Map<string, PublicProfile>;
  /** When set, every profile request is answered with this status (429, 500...). */
  failWith: number | null;
  /** Every request's query and whether it carried the web app's id header. */
  log: { username: string | null; appId: string | undefined }[];
  close: () => Promise<void>;
}

function answerFor(username: string, profile: PublicProfile): unknown {
  const base = selfWebProfile.data.user;
  const user = {
    ...base,
    username,
    biography: profile.biography,
    biography_with_entities: { raw_text: profile.biography, entities: [] },
    is_verified: profile.verified,
  };
  if (!profile.newerShape) return { data: { user }, status: "ok" };
  const { biography: _dropped, ...rest } = user;
  return { user: { ...rest, pk: base.id }, status: "ok" };
}

export async function startFakeProfiles(): Promise<FakeProfiles> {
  const state: Omit<FakeProfiles, "url" | "close"> = { profiles: new Map(), failWith: null, log: [] };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const username = url.searchParams.get("username");
    state.log.push({ username, appId: req.headers["x-ig-app-id"] as string | undefined });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname !== "/api/v1/users/web_profile_info/") return send(404, { status: "fail" });
    if (state.failWith === 429) {
      return send(429, { message: "Please wait a few minutes before you try again.", status: "fail" });
    }
    if (state.failWith !== null) return send(state.failWith, { status: "fail" });
    const profile = username ? state.profiles.get(username.toLowerCase()) : undefined;
    if (!profile || !username) return send(404, { message: "User not found", status: "fail" });
    return send(200, answerFor(username.toLowerCase(), profile));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const fake = state as FakeProfiles;
  fake.url = `http://127.0.0.1:${port}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}
