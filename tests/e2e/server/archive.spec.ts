import http from "node:http";
import { strFromU8, unzipSync } from "fflate";
import type {
  ArchivedAccount,
  ArchivedInstagramLists,
  ArchivedInteraction,
  ArchivedPost,
  ArchivedProfile,
  ArchiveManifest,
} from "../../../shared/archive.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS, type Person } from "./client.ts";
import { mp4, png } from "./media-fixtures.ts";

const server = useServer({ env: RELAXED_LIMITS });

/** Asks for a download address (POST /api/me/archive) and reads it, as the site does. */
async function downloadArchive(
  api: Api,
  person: Person,
  words: object = { language: "en", timeZone: "UTC" },
) {
  const asked = await api.call("POST", person, "/api/me/archive", words);
  expect(asked.status(), await asked.text()).toBe(201);
  const { path, expiresAt } = (await asked.json()) as { path: string; expiresAt: string };
  return { path, expiresAt, response: await api.request.get(`${api.url}${path}`) };
}

test("Download my data: one ZIP with the profile, posts (JSON and a page), media, follows, likes and Instagram lists", async ({
  request,
}) => {
  const url = server.current.url;
  const api = new Api(request, url);
  const ana = await api.signUp("arcana");
  const ben = await api.signUp("arcben");
  const photoBytes = await png(40, 20);
  const uploaded = await request.post(`${url}/api/media`, {
    headers: { ...ana.auth, "content-type": "image/png" },
    data: photoBytes,
  });
  expect(uploaded.status()).toBe(201);
  const photo = (await uploaded.json()).media as { id: string; url: string };
  const first = await api.createPost(ana, "First <script>alert(1)</script> words");
  const second = await api.createPost(ana, "With a photo\nover two lines", {
    media: [{ id: photo.id, alt: "A red square" }],
  });
  // The same photo in a second post, and an edit: the photo is written once, the text kept.
  const again = await api.createPost(ana, "The same photo again, first words", {
    media: [{ id: photo.id, alt: "Again" }],
  });
  expect(
    (await api.call("PATCH", ana, `/api/posts/${again.id}`, { text: "The same photo again" })).status(),
  ).toBe(200);
  const reply = await api.createPost(ana, "Answering myself, see https://example.com/page", {
    replyTo: first.id,
    replyPolicy: "mentioned",
  });
  const gone = await api.createPost(ana, "Deleted before the export");
  expect((await api.call("DELETE", ana, `/api/posts/${gone.id}`)).status()).toBe(204);
  const benPost = await api.createPost(ben, "Ben's words");
  await api.createPost(ana, "Quoting Ben", { quoteOf: benPost.id });
  expect((await api.call("POST", ana, `/api/posts/${benPost.id}/like`)).status()).toBe(200);
  expect((await api.call("POST", ana, `/api/posts/${benPost.id}/repost`)).status()).toBe(200);
  await api.signUp("arcblocked");
  await api.signUp("arcmuted");
  expect((await api.call("POST", ana, "/api/accounts/arcblocked/block")).status()).toBe(200);
  expect((await api.call("POST", ana, "/api/accounts/arcmuted/mute")).status()).toBe(200);
  expect((await api.follow(ana, "arcben")).status()).toBe(200);
  expect((await api.follow(ben, "arcana")).status()).toBe(200);
  expect(
    (
      await api.call("POST", ana, "/api/instagram/lists", {
        following: ["insta.friend", "another_one"],
        followers: ["a.fan"],
      })
    ).status(),
  ).toBeLessThan(300);

  const { response, path, expiresAt } = await downloadArchive(api, ana);
  expect(path).toMatch(/^\/api\/archives\/[A-Za-z0-9_-]{43}$/);
  // Good for five minutes.
  expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(4.5 * 60_000);
  expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(5 * 60_000);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/zip");
  expect(response.headers()["content-disposition"]).toMatch(
    /^attachment; filename="p92-arcana-\d{4}-\d\d-\d\d\.zip"$/,
  );
  const files = unzipSync(new Uint8Array(await response.body()));
  const read = <T>(name: string) => JSON.parse(strFromU8(files[name]!)) as T;

  const host = new URL(url).host;
  expect(read<ArchiveManifest>("archive.json")).toMatchObject({
    format: "p92-archive",
    version: 1,
    server: url,
    handle: "arcana",
    language: "en",
  });
  expect(read<ArchivedProfile>("profile.json").account.handle).toBe("arcana");
  const posts = read<ArchivedPost[]>("posts.json");
  expect(posts.map((p) => p.text)).toEqual([
    "Quoting Ben",
    "Answering myself, see https://example.com/page",
    "The same photo again",
    "With a photo\nover two lines",
    "First <script>alert(1)</script> words",
  ]);
  const edited = posts.splice(2, 1)[0]!;
  expect(edited.editedAt).not.toBeNull();
  expect(edited.earlierTexts).toEqual([
    { text: "The same photo again, first words", replacedAt: edited.editedAt },
  ]);
  expect(edited.media).toEqual([expect.objectContaining({ alt: "Again" })]);
  expect(posts[0]).toMatchObject({
    quoteOf: benPost.id,
    quoteOfUrl: `${url}/api/posts/${benPost.id}`,
    replyTo: null,
    replyToUrl: null,
  });
  expect(posts[1]).toEqual({
    id: reply.id,
    url: `${url}/api/posts/${reply.id}`,
    text: "Answering myself, see https://example.com/page",
    links: ["https://example.com/page"],
    createdAt: reply.createdAt,
    editedAt: null,
    visibility: "public",
    contentWarning: null,
    sensitive: false,
    replyTo: first.id,
    quoteOf: null,
    replyToUrl: `${url}/api/posts/${first.id}`,
    quoteOfUrl: null,
    replyPolicy: "mentioned",
    media: [],
    earlierTexts: [],
  });
  posts.shift();
  expect(posts[1]!.media).toEqual([
    expect.objectContaining({ file: expect.stringMatching(/^media\//), alt: "A red square", kind: "image" }),
  ]);
  // The photo's bytes, as the server keeps and serves them.
  const stored = new Uint8Array(await (await request.get(photo.url)).body());
  expect(files[posts[1]!.media[0]!.file]).toEqual(stored);
  expect(edited.media[0]!.file).toBe(posts[1]!.media[0]!.file);
  expect(Object.keys(files).filter((name) => name.startsWith("media/"))).toEqual([posts[1]!.media[0]!.file]);
  expect(posts[1]!.createdAt).toBe(second.createdAt);

  // The page escapes what the posts say.
  const page = strFromU8(files["posts.html"]!);
  expect(page).toContain("First &lt;script&gt;alert(1)&lt;/script&gt; words");
  expect(page).not.toContain("<script>");
  expect(page).toContain(`<img src="${posts[1]!.media[0]!.file}" alt="A red square">`);

  expect(read<ArchivedAccount[]>("followers.json")).toEqual([
    { handle: `arcben@${host}`, actor: `${url}/api/accounts/arcben` },
  ]);
  expect(read<ArchivedAccount[]>("following.json")).toEqual([
    { handle: `arcben@${host}`, actor: `${url}/api/accounts/arcben` },
  ]);
  expect(read<ArchivedAccount[]>("follow-requests.json")).toEqual([]);
  expect(read<ArchivedInteraction[]>("likes.json")).toEqual([
    { url: `${url}/api/posts/${benPost.id}`, at: expect.any(String) },
  ]);
  expect(read<ArchivedInteraction[]>("reposts.json")).toEqual([
    { url: `${url}/api/posts/${benPost.id}`, at: expect.any(String) },
  ]);
  expect(read<ArchivedAccount[]>("blocked.json")).toEqual([
    { handle: `arcblocked@${host}`, actor: `${url}/api/accounts/arcblocked` },
  ]);
  expect(read<ArchivedAccount[]>("muted.json")).toEqual([
    { handle: `arcmuted@${host}`, actor: `${url}/api/accounts/arcmuted` },
  ]);
  expect(read<ArchivedInstagramLists>("instagram.json")).toEqual({
    followers: ["a.fan"],
    following: ["another_one", "insta.friend"],
  });
  const readme = strFromU8(files["README.txt"]!);
  expect(readme).toContain("This is your P92 archive.");
  expect(readme).toContain("follow-requests.json  whom you asked to follow and who has not answered yet");
  expect(page).toContain('<html lang="en">');
  expect(page).toContain("in reply to " + `${url}/api/posts/${first.id}`);
});

test("the download address is asked for with the token, serves once, and HEAD does not use it", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const cleo = await api.signUp("arccleo");
  expect((await api.call("POST", null, "/api/me/archive", {})).status()).toBe(401);
  const refusals: [unknown, number, string][] = [
    [{ language: "de" }, 422, "invalid"],
    [{ timeZone: "Mars/Olympus" }, 422, "invalid"],
    [{ timeZone: "x".repeat(2000) }, 413, "too_large"],
    ["not JSON", 400, "invalid_json"],
    [[1, 2], 422, "invalid"],
  ];
  for (const [body, status, code] of refusals) {
    const answer = await api.call("POST", cleo, "/api/me/archive", body);
    expect(answer.status(), JSON.stringify(body)).toBe(status);
    expect((await answer.json()).error.code).toBe(code);
  }
  const asked = await api.call("POST", cleo, "/api/me/archive", {});
  expect(asked.status()).toBe(201);
  const url = `${server.current.url}${((await asked.json()) as { path: string }).path}`;
  const head = await request.head(url);
  expect(head.status()).toBe(200);
  expect(head.headers()["content-type"]).toBe("application/zip");
  expect(head.headers()["cache-control"]).toBe("no-store");
  expect(await head.body()).toHaveLength(0);
  const first = await request.get(url);
  expect(first.status()).toBe(200);
  expect(unzipSync(new Uint8Array(await first.body()))["archive.json"]).toBeDefined();
  const again = await request.get(url);
  expect(again.status()).toBe(404);
  expect((await again.json()).error.code).toBe("not_found");
  for (const wrong of ["x", "A".repeat(43), "A".repeat(44)]) {
    const answer = await request.get(`${server.current.url}/api/archives/${wrong}`);
    expect(answer.status(), wrong).toBe(404);
  }
});

test("an archive in French, with dates in the person's time zone", async ({ request }) => {
  const api = new Api(request, server.current.url);
  const dom = await api.signUp("arcdom");
  const post = await api.createPost(dom, "Bonjour");
  const { response } = await downloadArchive(api, dom, { language: "fr", timeZone: "Pacific/Auckland" });
  const files = unzipSync(new Uint8Array(await response.body()));
  expect(strFromU8(files["README.txt"]!)).toMatch(/^Ceci est votre archive P92\./);
  const page = strFromU8(files["posts.html"]!);
  expect(page).toContain('<html lang="fr">');
  expect(page).toContain("Publications de @arcdom");
  const when = new Intl.DateTimeFormat("fr", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "Pacific/Auckland",
  }).format(new Date(post.createdAt));
  expect(page).toContain(`<time datetime="${post.createdAt}">${when}</time> · publique`);
  expect(JSON.parse(strFromU8(files["archive.json"]!)).language).toBe("fr");
});

test("a download cut short frees the account for the next, and two at once are one too many", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const eve = await api.signUp("arceve");
  // 24 MB of videos: more than the sockets between the two hold, so the writing must wait.
  const video = mp4(5, 8 << 20);
  for (let i = 0; i < 3; i++) {
    const uploaded = await request.post(`${server.current.url}/api/media`, {
      headers: { ...eve.auth, "content-type": "video/mp4" },
      data: video,
    });
    expect(uploaded.status(), await uploaded.text()).toBe(201);
    const media = (await uploaded.json()).media as { id: string };
    await api.createPost(eve, `Video ${i}`, { media: [{ id: media.id, alt: "" }] });
  }
  // A reader that reads the headers and stops, then goes away.
  const ask = async () =>
    `${server.current.url}${((await (await api.call("POST", eve, "/api/me/archive", {})).json()) as { path: string }).path}`;
  const stalled = await openWithoutReading(await ask());
  expect(stalled.status).toBe(200);
  const secondUrl = await ask();
  const second = await request.get(secondUrl);
  expect(second.status()).toBe(409);
  expect((await second.json()).error.code).toBe("archive_running");
  expect(second.headers()["content-disposition"]).toBeUndefined();
  stalled.close();
  // The refused ticket was not used: it serves once the first download is over.
  await expect(async () => {
    const next = await request.get(secondUrl);
    expect(next.status()).toBe(200);
    const files = unzipSync(new Uint8Array(await next.body()));
    expect(Object.keys(files).filter((name) => name.startsWith("media/"))).toHaveLength(3);
  }).toPass({ timeout: 10_000 });
});

test("an archive of an account with nothing in it is still whole", async ({ request }) => {
  const api = new Api(request, server.current.url);
  const nobody = await api.signUp("arcempty");
  const { response } = await downloadArchive(api, nobody);
  const files = unzipSync(new Uint8Array(await response.body()));
  for (const name of [
    "posts.json",
    "followers.json",
    "following.json",
    "follow-requests.json",
    "likes.json",
  ]) {
    expect(JSON.parse(strFromU8(files[name]!)), name).toEqual([]);
  }
  expect(JSON.parse(strFromU8(files["instagram.json"]!))).toEqual({ followers: [], following: [] });
  expect(strFromU8(files["posts.html"]!)).toContain("</html>");
});

/** A GET whose body is never read: the server's writing waits on it until it is closed. */
function openWithoutReading(url: string): Promise<{ status: number; close: () => void }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, (response) => {
      response.pause();
      resolve({ status: response.statusCode ?? 0, close: () => request.destroy() });
    });
    request.on("error", reject);
  });
}
