import { newId } from "../../../shared/ids.ts";
import { POST_MAX_UTF16, countPostLength } from "../../../shared/post-length.ts";
import type { Post } from "../../../shared/schema/social.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS } from "./client.ts";
import { png } from "./media-fixtures.ts";

const server = useServer({ env: RELAXED_LIMITS });
/** The byte budget of every answer (site/server/http/answer-budget.ts). */
const BUDGET = 2 * 1024 * 1024;

/** A kiss with two skin tones: one character of 15 UTF-16 code units, among the longest in use. */
const KISS = "\u{1F9D1}\u{1F3FF}\u200D\u2764\uFE0F\u200D\u{1F48B}\u200D\u{1F9D1}\u{1F3FB}";
/** "a" and a mark that combines with it: 3 UTF-8 bytes each, all one character. */
const heavy = (units: number) => "a" + "\u20DD".repeat(units - 1);

test("a one-character post of 8 MB is refused, on the post route and in sync, naming the text", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const author = await api.signUp("combiner");
  const huge = "a" + "\u0301".repeat(500_000);
  const refused = await api.post(author, huge);
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error).toMatchObject({ code: "invalid", field: "text" });
  const synced = await api.sync(author, {
    ops: [
      {
        opId: newId(),
        type: "createPost",
        post: { id: newId(), text: heavy(POST_MAX_UTF16 + 1), media: [], replyTo: null, quoteOf: null },
      },
      {
        opId: newId(),
        type: "createPost",
        post: { id: newId(), text: "fine", media: [], replyTo: null, quoteOf: null },
      },
    ],
    cursor: null,
  });
  // One invalid op is answered on its own; the rest of the batch still goes through.
  expect(synced.results[0]).toMatchObject({ ok: false, error: { code: "invalid", field: "post.text" } });
  expect(synced.results[1]).toMatchObject({ ok: true });
});

test("the longest real posts are accepted: 500 emoji of 15 code units, 500 flags with tag letters", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const author = await api.signUp("emoji.fan");
  const england = "\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}";
  for (const text of [KISS.repeat(500), england.repeat(500), "\u0915\u094D\u0937\u093F".repeat(500)]) {
    expect(countPostLength(text)).toBe(500);
    expect(text.length).toBeLessThanOrEqual(POST_MAX_UTF16);
    expect((await api.post(author, text)).status()).toBe(201);
  }
  expect((await api.post(author, KISS.repeat(501))).status()).toBe(422);
});

test("every other text field is bounded in code units too, with a 422 that names it", async ({ request }) => {
  const api = new Api(request, server.current.url);
  const person = await api.signUp("fields");
  const long = heavy(2000);
  const cases: [string, unknown, string][] = [
    ["/api/me", { bio: long }, "bio"],
    ["/api/me", { displayName: long }, "displayName"],
    ["/api/me", { links: [{ title: long, url: "https://a.example" }] }, "links.0.title"],
  ];
  for (const [path, data, field] of cases) {
    const response = await request.patch(`${server.current.url}${path}`, { headers: person.auth, data });
    expect(response.status(), field).toBe(422);
    expect((await response.json()).error).toMatchObject({ code: "invalid", field });
  }
  const alt = await api.post(person, "with a picture", { media: [{ id: "abc", alt: heavy(1501) }] });
  expect((await alt.json()).error).toMatchObject({ code: "invalid", field: "media.0.alt" });
  const signUp = await request.post(`${server.current.url}/api/auth/sign-up`, {
    data: { handle: "newcomer", password: "long enough pass", profile: { bio: long } },
  });
  expect((await signUp.json()).error).toMatchObject({ code: "invalid", field: "profile.bio" });
  const mediaId = await api.post(person, "x", { media: [{ id: "a".repeat(100_000) }] });
  expect((await mediaId.json()).error).toMatchObject({ code: "invalid", field: "media.0.id" });
});

test("timeline, thread and sync pages stay within the byte budget and lose nothing", async ({ request }) => {
  test.setTimeout(120_000);
  const api = new Api(request, server.current.url);
  const author = await api.signUp("heavy.writer");
  const follower = await api.signUp("follower");
  await api.follow(follower, "heavy.writer");
  const start = await api.sync(follower, { cursor: null });
  const upload = await request.post(`${server.current.url}/api/media`, {
    headers: { ...author.auth, "content-type": "image/png" },
    data: await png(4, 4),
  });
  const { media } = (await upload.json()) as { media: { id: string } };
  // Each post is as heavy as the rules allow: 24 KB of text, ten attachments with long alt texts.
  const attachments = Array.from({ length: 10 }, () => ({ id: media.id, alt: heavy(1500) }));
  const root = await api.createPost(author, "the thread");
  const written: string[] = [];
  for (let i = 0; i < 60; i++) {
    const post = await api.createPost(author, heavy(POST_MAX_UTF16), {
      media: attachments,
      replyTo: root.id,
    });
    written.push(post.id);
  }

  // Timeline: pages are cut by bytes, `next` continues right after the last post sent.
  const seen: string[] = [];
  let next: string | null = null;
  do {
    const response = await request.get(
      `${server.current.url}/api/timeline/everyone?limit=50${next ? `&before=${next}` : ""}`,
    );
    const body = await response.body();
    expect(body.length).toBeLessThanOrEqual(BUDGET);
    const page = JSON.parse(body.toString()) as { posts: Post[]; next: string | null };
    seen.push(...page.posts.map((p) => p.id));
    next = page.next;
  } while (next);
  // Other tests post on this server too: only this author's posts are compared.
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.filter((id) => written.includes(id))).toEqual([...written].reverse());

  // Thread: the replies likewise.
  const replies: string[] = [];
  next = null;
  do {
    const response = await request.get(
      `${server.current.url}/api/posts/${root.id}?limit=50${next ? `&before=${next}` : ""}`,
    );
    const body = await response.body();
    expect(body.length).toBeLessThanOrEqual(BUDGET);
    const page = JSON.parse(body.toString()) as { post: Post; replies: Post[]; next: string | null };
    expect(page.post.id).toBe(root.id);
    replies.push(...page.replies.map((p) => p.id));
    next = page.next;
  } while (next);
  expect(replies).toEqual([...written].reverse());

  // Sync: a page stops adding changes at the budget and says `more`; every post arrives once.
  const pulled: string[] = [];
  let cursor = start.cursor;
  let pages = 0;
  for (let more = true; more; pages++) {
    const response = await request.post(`${server.current.url}/api/sync`, {
      headers: follower.auth,
      data: { cursor },
    });
    const body = await response.body();
    expect(response.status()).toBe(200);
    expect(body.length).toBeLessThanOrEqual(BUDGET);
    const page = JSON.parse(body.toString()) as {
      changes: { kind: string; post?: Post }[];
      cursor: string;
      more: boolean;
    };
    pulled.push(...page.changes.flatMap((c) => (c.kind === "post" ? [c.post!.id] : [])));
    cursor = page.cursor;
    more = page.more;
  }
  expect(pages).toBeGreaterThan(1);
  expect(pulled).toEqual([root.id, ...written]);

  // A first sync (no cursor) is one bounded window of the newest posts.
  const fresh = await request.post(`${server.current.url}/api/sync`, { headers: follower.auth, data: {} });
  expect((await fresh.body()).length).toBeLessThanOrEqual(BUDGET);
  const window = (await fresh.json()) as { changes: { kind: string; post?: Post }[] };
  const newest = window.changes.flatMap((c) => (c.kind === "post" ? [c.post!.id] : []));
  expect(newest.length).toBeGreaterThan(0);
  expect(newest.at(-1)).toBe(written.at(-1));
});
