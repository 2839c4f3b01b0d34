import { strFromU8, unzipSync } from "fflate";
import type {
  ArchivedAccount,
  ArchivedInstagramLists,
  ArchivedLike,
  ArchivedPost,
  ArchivedProfile,
  ArchiveManifest,
} from "../../../shared/archive.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS } from "./client.ts";
import { png } from "./media-fixtures.ts";

const server = useServer({ env: RELAXED_LIMITS });

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
  const reply = await api.createPost(ana, "Answering myself", {
    replyTo: first.id,
    replyPolicy: "mentioned",
  });
  const gone = await api.createPost(ana, "Deleted before the export");
  expect((await api.call("DELETE", ana, `/api/posts/${gone.id}`)).status()).toBe(204);
  const benPost = await api.createPost(ben, "Ben's words");
  expect((await api.call("POST", ana, `/api/posts/${benPost.id}/like`)).status()).toBe(200);
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

  expect((await api.call("GET", null, "/api/me/archive")).status()).toBe(401);
  const response = await api.call("GET", ana, "/api/me/archive");
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
  });
  expect(read<ArchivedProfile>("profile.json").account.handle).toBe("arcana");
  const posts = read<ArchivedPost[]>("posts.json");
  expect(posts.map((p) => p.text)).toEqual([
    "Answering myself",
    "With a photo\nover two lines",
    "First <script>alert(1)</script> words",
  ]);
  expect(posts[0]).toMatchObject({ replyTo: first.id, replyPolicy: "mentioned", createdAt: reply.createdAt });
  expect(posts[1]!.media).toEqual([
    expect.objectContaining({ file: expect.stringMatching(/^media\//), alt: "A red square", kind: "image" }),
  ]);
  // The photo's bytes, as the server keeps and serves them.
  const stored = new Uint8Array(await (await request.get(photo.url)).body());
  expect(files[posts[1]!.media[0]!.file]).toEqual(stored);
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
  expect(read<ArchivedLike[]>("likes.json")).toEqual([
    { url: `${url}/api/posts/${benPost.id}`, likedAt: expect.any(String) },
  ]);
  expect(read<ArchivedInstagramLists>("instagram.json")).toEqual({
    followers: ["a.fan"],
    following: ["another_one", "insta.friend"],
  });
  expect(strFromU8(files["README.txt"]!)).toContain("This is your P92 archive.");
});

test("an archive of an account with nothing in it is still whole", async ({ request }) => {
  const api = new Api(request, server.current.url);
  const nobody = await api.signUp("arcempty");
  const response = await api.call("GET", nobody, "/api/me/archive");
  const files = unzipSync(new Uint8Array(await response.body()));
  for (const name of ["posts.json", "followers.json", "following.json", "likes.json"]) {
    expect(JSON.parse(strFromU8(files[name]!)), name).toEqual([]);
  }
  expect(JSON.parse(strFromU8(files["instagram.json"]!))).toEqual({ followers: [], following: [] });
  expect(strFromU8(files["posts.html"]!)).toContain("</html>");
});
