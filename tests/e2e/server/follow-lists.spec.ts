import type { FollowListPage } from "../../../shared/api.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS, RETRY } from "./client.ts";

const server = useServer({ env: RELAXED_LIMITS });

test("followers and following come in pages, oldest account first, each with where the reader's follow stands", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const star = await api.signUp("liststar");
  const fans = [];
  for (let i = 0; i < 45; i++) fans.push(await api.signUp(`listfan${i}`));
  // Followed last to first: the lists come in the order the accounts were made here, not followed.
  for (const fan of [...fans].reverse()) expect((await api.follow(fan, "liststar")).status()).toBe(200);
  expect((await api.follow(star, "listfan3")).status()).toBe(200);
  const reader = fans[10]!;
  expect((await api.follow(reader, "listfan20")).status()).toBe(200);

  const read = async (path: string, token?: string): Promise<FollowListPage> => {
    const response = await request.get(`${server.current.url}${path}`, {
      ...RETRY,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    expect(response.status(), await response.text()).toBe(200);
    return (await response.json()) as FollowListPage;
  };

  // Forty a page, then the rest: every fan once, oldest account first.
  const first = await read("/api/accounts/liststar/followers", reader.token);
  expect(first.accounts).toHaveLength(40);
  expect(first.next).not.toBeNull();
  const second = await read(`/api/accounts/liststar/followers?after=${first.next}`, reader.token);
  expect(second.next).toBeNull();
  const handles = [...first.accounts, ...second.accounts].map((entry) => entry.account.handle);
  expect(handles).toEqual(fans.map((fan) => fan.handle));
  // Where the reader's follow of each stands; none of oneself.
  const byHandle = new Map([...first.accounts, ...second.accounts].map((e) => [e.account.handle, e]));
  expect(byHandle.get("listfan20")!.follow).toBe("following");
  expect(byHandle.get("listfan11")!.follow).toBe("none");
  expect(byHandle.get("listfan10")!.follow).toBeUndefined();
  expect(byHandle.get("listfan3")!.account).toMatchObject({ handle: "listfan3", followerCount: 1 });

  // Without a token: the same people, no follow states; a smaller page when asked.
  const anonymous = await read("/api/accounts/liststar/followers?limit=5");
  expect(anonymous.accounts.map((e) => e.account.handle)).toEqual(handles.slice(0, 5));
  expect(anonymous.accounts.every((e) => e.follow === undefined)).toBe(true);

  expect((await read("/api/accounts/liststar/following")).accounts.map((e) => e.account.handle)).toEqual([
    "listfan3",
  ]);
  expect((await read("/api/accounts/listfan44/following")).accounts).toHaveLength(1);
  expect(await read("/api/accounts/listfan44/followers")).toEqual({ accounts: [], next: null });
});

test("a follow list of no such account is a 404, and a bad cursor or limit a 400", async ({ request }) => {
  const at = (path: string) => request.get(`${server.current.url}${path}`, RETRY);
  expect((await at("/api/accounts/nobody.here/followers")).status()).toBe(404);
  await new Api(request, server.current.url).signUp("listed");
  const badCursor = await at("/api/accounts/listed/following?after=abc");
  expect(badCursor.status()).toBe(400);
  expect((await badCursor.json()).error).toMatchObject({ code: "invalid_cursor", field: "after" });
  expect((await at("/api/accounts/listed/followers?limit=-1")).status()).toBe(400);
  // A limit past the largest page gets the largest page.
  expect((await at("/api/accounts/listed/followers?limit=999")).status()).toBe(200);
});
