/**
 * A fake instagram.com for the end-to-end tests: a local HTTP server answering the real response
 * shapes (see docs/instagram.md and ./fixtures), with the failures the importer
 * must survive: a 429 on chosen pages, a signed-out session (redirect to /accounts/login/), and
 * lists that change between two imports. `routeInstagram` sends the browser's requests for
 * https://www.instagram.com and Instagram's image host here, so the real content script runs on
 * the real URL.
 */
import type { BrowserContext } from "@playwright/test";
import http from "node:http";
import type { AddressInfo } from "node:net";
import selfInfo from "./fixtures/self-info.json" with { type: "json" };
import selfWebProfile from "./fixtures/self-web-profile.json" with { type: "json" };
import specialFollowers from "./fixtures/special-followers.json" with { type: "json" };

export const SELF_ID = "4815162342";
export const SELF_HANDLE = "ada.lovelace_92";
export const INSTAGRAM = "https://www.instagram.com";
export const IMAGE_HOST = "https://scontent.cdninstagram.com";

export interface FakeUser {
  pk: number;
  pk_id: string;
  id: string;
  username: string;
  full_name: string;
  is_private: boolean;
  is_verified: boolean;
  profile_pic_url: string;
  has_anonymous_profile_picture: boolean;
}

/** A deterministic account for position `n` of a list. */
export function fakeUser(prefix: string, n: number): FakeUser {
  const pk = 1_000_000 + n + (prefix === "following" ? 500_000 : 0);
  return {
    pk,
    pk_id: String(pk),
    id: String(pk),
    username: `${prefix}_${String(n).padStart(4, "0")}`,
    full_name: `${prefix === "following" ? "Followed" : "Follower"} Person ${n}`,
    is_private: n % 7 === 0,
    is_verified: n % 50 === 0,
    profile_pic_url: `${IMAGE_HOST}/v/t51.2885-19/${prefix}_${n}.jpg?oh=00_a&oe=6790`,
    has_anonymous_profile_picture: false,
  };
}

/** 1,234 followers (two of them special: markup in the name, mixed-case handle) and 321 following. */
export function fixtureLists(): { followers: FakeUser[]; following: FakeUser[] } {
  const followers = [
    ...(specialFollowers as FakeUser[]),
    ...Array.from({ length: 1232 }, (_, i) => fakeUser("follower", i)),
  ];
  const following = Array.from({ length: 321 }, (_, i) => fakeUser("following", i));
  return { followers, following };
}

export interface FakeInstagramState {
  followers: FakeUser[];
  following: FakeUser[];
  /** `list:page` (page 0-based) answered with a 429 once, then normally. */
  rateLimitOnce: Set<string>;
  /** Delay before every follow-list answer, so a test can act in the middle of an import. */
  listDelayMs: number;
  /** Instagram wants the person to confirm it's them: every API call answers checkpoint_required. */
  checkpoint: boolean;
  /**
   * Every request's path and query, in order, whether it carried the web app's headers, and its
   * Sec-Fetch-Site (same-origin when the content script fetches as the page does).
   */
  log: { path: string; appId: string | undefined; fetchSite: string | undefined }[];
  /**
   * Public bios a test sets (lower-case handle → bio), e.g. with a proof code: `web_profile_info`
   * answers them to anyone, signed in or not, as Instagram answers a public profile.
   */
  publicBios: Map<string, string>;
}

const PAGE_SIZE_CAP = 200;
const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString("base64url");
const decodeCursor = (cursor: string | null) => {
  if (!cursor) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString());
  return match ? Number(match[1]) : -1;
};

// The avatar image: a real 150 x 150 JPEG (one colour, 418 bytes), as Instagram's s150x150 ones
// are, so that it decodes wherever it goes (the site uploads it as the account's avatar).
export const AVATAR_JPEG = Buffer.from(
  "/9j/2wBDAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEExNDk7Pj4+JS5ESUM8SDc9Pjv/2wBDAQoLCw4NDhwQEBw7KCIoOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozv/wAARCACWAJYDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAP/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFgEBAQEAAAAAAAAAAAAAAAAAAAIG/8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAwDAQACEQMRAD8AiA3qgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAH/2Q==",
  "base64",
);

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

/** The fixture's public profile with another handle and bio; only Ada keeps her badge. */
function publicProfile(handle: string, bio: string): unknown {
  const user = selfWebProfile.data.user;
  const self = handle === SELF_HANDLE;
  return {
    data: {
      user: {
        ...user,
        ...(!self && { id: "2718281828", pk_id: "2718281828", full_name: handle, is_verified: false }),
        username: handle,
        biography: bio,
        biography_with_entities: { raw_text: bio, entities: [] },
      },
    },
    status: "ok",
  };
}

function page(res: http.ServerResponse, title: string, heading: string): void {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>` +
      `<body><div id="root"><header><h2>${heading}</h2></header><main>Fake Instagram</main></div></body></html>`,
  );
}

export async function startFakeInstagram(): Promise<{
  url: string;
  state: FakeInstagramState;
  close: () => Promise<void>;
}> {
  const state: FakeInstagramState = {
    ...fixtureLists(),
    rateLimitOnce: new Set(),
    listDelayMs: 0,
    checkpoint: false,
    log: [],
    publicBios: new Map(),
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", INSTAGRAM);
    const appId = req.headers["x-ig-app-id"] as string | undefined;
    const fetchSite = req.headers["sec-fetch-site"] as string | undefined;
    state.log.push({ path: url.pathname + url.search, appId, fetchSite });
    const signedIn = /(^|;\s*)sessionid=/.test(req.headers.cookie ?? "");
    void answer(url, signedIn, res).catch((error: unknown) => json(res, 500, { message: String(error) }));
  });

  async function answer(url: URL, signedIn: boolean, res: http.ServerResponse): Promise<void> {
    const path = url.pathname;
    if (path.startsWith("/v/t51.2885-19/")) {
      res.writeHead(200, { "content-type": "image/jpeg", "content-length": AVATAR_JPEG.length });
      res.end(AVATAR_JPEG);
      return;
    }
    if (path === "/accounts/login/") return page(res, "Login • Instagram", "Log in");
    const publicHandle = (url.searchParams.get("username") ?? "").toLowerCase();
    const publicBio = state.publicBios.get(publicHandle);
    if (path === "/api/v1/users/web_profile_info/" && publicBio !== undefined) {
      return json(res, 200, publicProfile(publicHandle, publicBio));
    }
    if (path.startsWith("/api/")) {
      if (!signedIn) {
        res.writeHead(302, { location: `${INSTAGRAM}/accounts/login/?next=${encodeURIComponent(path)}` });
        res.end();
        return;
      }
      if (state.checkpoint) {
        return json(res, 400, {
          message: "checkpoint_required",
          checkpoint_url: "/challenge/",
          status: "fail",
        });
      }
      if (path === `/api/v1/users/${SELF_ID}/info/`) return json(res, 200, selfInfo);
      if (path === "/api/v1/users/web_profile_info/") {
        if (url.searchParams.get("username") === SELF_HANDLE) return json(res, 200, selfWebProfile);
        return json(res, 404, { message: "User not found", status: "fail" });
      }
      const list = new RegExp(`^/api/v1/friendships/${SELF_ID}/(followers|following)/$`).exec(path)?.[1];
      if (list === "followers" || list === "following") {
        await new Promise((r) => setTimeout(r, state.listDelayMs));
        const users = state[list];
        const count = Math.min(Number(url.searchParams.get("count") ?? "12") || 12, PAGE_SIZE_CAP);
        const offset = decodeCursor(url.searchParams.get("max_id"));
        if (offset < 0) return json(res, 400, { message: "Invalid max_id", status: "fail" });
        const key = `${list}:${Math.floor(offset / PAGE_SIZE_CAP)}`;
        if (state.rateLimitOnce.delete(key)) {
          return json(res, 429, {
            message: "Please wait a few minutes before you try again.",
            status: "fail",
          });
        }
        const slice = users.slice(offset, offset + count);
        const more = offset + count < users.length;
        return json(res, 200, {
          users: slice,
          big_list: more,
          page_size: count,
          ...(more && { next_max_id: encodeCursor(offset + count) }),
          has_more: false,
          should_limit_list_of_followers: false,
          status: "ok",
        });
      }
      return json(res, 404, { message: "Page not found", status: "fail" });
    }
    const handle = path.split("/").filter(Boolean)[0] ?? "";
    return page(res, handle ? `@${handle} • Instagram` : "Instagram", handle || "Home");
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Sends the context's requests for instagram.com and its image host to the fake. */
export async function routeInstagram(context: BrowserContext, fakeUrl: string): Promise<void> {
  for (const origin of [INSTAGRAM, IMAGE_HOST]) {
    await context.route(`${origin}/**`, async (route) => {
      const request = route.request();
      const target = new URL(request.url());
      try {
        const response = await route.fetch({
          url: `${fakeUrl}${target.pathname}${target.search}`,
          headers: await request.allHeaders(),
          maxRedirects: 0,
        });
        await route.fulfill({ response });
      } catch (error) {
        // A tab the test closed on purpose (or the test's end) takes its requests with it.
        if (error instanceof Error && /has been closed/.test(error.message)) return;
        throw error;
      }
    });
  }
}

const cookie = { domain: ".instagram.com", path: "/", secure: true, sameSite: "None" as const };
/** The cookies instagram.com sets after a login (for either browser's driver). */
export const SESSION_COOKIES = [
  { ...cookie, name: "ds_user_id", value: SELF_ID },
  { ...cookie, name: "csrftoken", value: "fakecsrftoken123" },
  { ...cookie, name: "sessionid", value: `${SELF_ID}%3Afake%3A1`, httpOnly: true },
];

/** Signs the person in, in a Playwright context. */
export async function signIn(context: BrowserContext): Promise<void> {
  await context.addCookies(SESSION_COOKIES);
}
