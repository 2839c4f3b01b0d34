import type { Post } from "../../../shared/schema/social.ts";
import type { ImportedPostResult } from "../../../shared/schema/archive-import.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, notifications, postIds, RELAXED_LIMITS, type Person } from "./client.ts";
import { png } from "./media-fixtures.ts";

const server = useServer({ env: RELAXED_LIMITS });

const OLD = "https://old.example/api/posts";

/** A post as the site sends it from an archive's posts.json. */
function imported(source: string, text: string, fields: Record<string, unknown> = {}) {
  return {
    source,
    text,
    createdAt: "2025-01-02T03:04:05.000Z",
    editedAt: null,
    earlierTexts: [],
    visibility: "public",
    contentWarning: null,
    sensitive: false,
    replyPolicy: "everyone",
    media: [],
    replyTo: null,
    quoteOf: null,
    ...fields,
  };
}

async function importPosts(api: Api, person: Person, posts: unknown[]) {
  const answer = await api.call("POST", person, "/api/me/import/posts", { posts });
  expect(answer.status(), await answer.text()).toBe(200);
  return ((await answer.json()) as { results: ImportedPostResult[] }).results;
}

const postOf = async (api: Api, person: Person, id: string) =>
  ((await (await api.call("GET", person, `/api/posts/${id}`)).json()) as { post: Post }).post;

test("posts imported from an archive keep their dates, files, threads and earlier texts, once each", async ({
  request,
}) => {
  const url = server.current.url;
  const api = new Api(request, url);
  const ana = await api.signUp("impana");
  const ben = await api.signUp("impben");
  const benPost = await api.createPost(ben, "Ben, here already");
  const benClosed = await api.createPost(ben, "Only those I mention may answer", {
    replyPolicy: "mentioned",
  });
  const photoBytes = await png(30, 20);
  const photo = await api.upload(ana, photoBytes);

  const batch = [
    imported(`${OLD}/1`, "The first, from before"),
    imported(`${OLD}/2`, "An answer to myself, with a photo", {
      createdAt: "2025-02-01T10:00:00.000Z",
      editedAt: "2025-02-01T10:05:00.000Z",
      earlierTexts: [
        { text: "An answr to myself", replacedAt: "2025-02-01T10:05:00.000Z" },
        { text: "An answr", replacedAt: "2025-02-01T10:01:00.000Z" },
      ],
      media: [{ id: photo.id, alt: "A small square" }],
      replyTo: `${OLD}/1`,
      replyPolicy: "following",
      contentWarning: "Squares",
      sensitive: true,
    }),
    imported(`${OLD}/3`, "Answering someone nobody here knows", {
      createdAt: "2025-03-01T00:00:00.000Z",
      replyTo: "https://far.example/notes/7",
    }),
    imported(`${OLD}/4`, "Quoting Ben, who is here", {
      createdAt: "2025-04-01T00:00:00.000Z",
      quoteOf: `${url}/api/posts/${benPost.id}`,
      replyTo: `${url}/api/posts/${benPost.id}`,
    }),
    // Ben's rule keeps Ana from answering this one: imported, but not as an answer.
    imported(`${OLD}/5`, "Answering where I may not", {
      createdAt: "2025-04-02T00:00:00+02:00",
      replyTo: `${url}/api/posts/${benClosed.id}`,
    }),
  ];
  const results = await importPosts(api, ana, batch);
  expect(results.map((r) => [r.source, r.status, r.unlinked ?? false])).toEqual([
    [`${OLD}/1`, "created", false],
    [`${OLD}/2`, "created", false],
    [`${OLD}/3`, "created", true],
    [`${OLD}/4`, "created", false],
    [`${OLD}/5`, "created", true],
  ]);
  const [first, second, third, fourth, fifth] = results.map((r) => r.id);
  // The date with an offset is kept as the same moment.
  expect((await postOf(api, ana, fifth!)).createdAt).toBe("2025-04-01T22:00:00.000Z");
  expect((await postOf(api, ana, fifth!)).replyTo).toBeNull();
  // An imported answer to Ben is old news: it notifies him of nothing.
  expect((await notifications(api, ben)).notifications).toEqual([]);

  const answer = await postOf(api, ana, second!);
  expect(answer).toMatchObject({
    text: "An answer to myself, with a photo",
    createdAt: "2025-02-01T10:00:00.000Z",
    editedAt: "2025-02-01T10:05:00.000Z",
    replyTo: first,
    replyPolicy: "following",
    contentWarning: "Squares",
    sensitive: true,
  });
  // Its id carries its date, as a post written then would.
  expect(answer.id.replaceAll("-", "").slice(0, 12)).toBe(
    Date.parse("2025-02-01T10:00:00.000Z").toString(16).padStart(12, "0"),
  );
  expect(answer.media[0]!.alt).toBe("A small square");
  const file = await request.get(answer.media[0]!.url);
  expect(Buffer.from(await file.body()).equals(Buffer.from(photoBytes))).toBe(true);
  const edits = await api.call("GET", ana, `/api/posts/${second}/edits`);
  expect(((await edits.json()) as { edits: { text: string }[] }).edits.map((e) => e.text)).toEqual([
    "An answr to myself",
    "An answr",
  ]);
  expect((await postOf(api, ana, third!)).replyTo).toBeNull();
  expect((await postOf(api, ana, fourth!)).quoteOf).toBe(benPost.id);
  expect((await postOf(api, ana, fourth!)).replyTo).toBe(benPost.id);
  expect((await postOf(api, ana, first!)).replyCount).toBe(1);

  // On the profile and in search; not on the everyone timeline, where old posts would bury new ones.
  expect(await postIds(api, ben, "/api/accounts/impana/posts")).toEqual([
    fifth,
    fourth,
    third,
    second,
    first,
  ]);
  expect(await postIds(api, ben, "/api/timeline/everyone")).not.toContain(first);
  // Another device of Ana's hears of them.
  const synced = await api.sync(ana, {});
  const syncedIds = JSON.stringify(synced);
  for (const id of [first, second, third, fourth, fifth]) expect(syncedIds).toContain(id!);

  // Again (an import cut short and run again): found, not copied; and a new one after them.
  const again = await importPosts(api, ana, [...batch, imported(`${OLD}/6`, "A later one")]);
  expect(again.map((r) => r.status)).toEqual([
    "existing",
    "existing",
    "existing",
    "existing",
    "existing",
    "created",
  ]);
  expect(again.slice(0, 5).map((r) => r.id)).toEqual(results.map((r) => r.id));
  const account = await (await api.call("GET", ana, "/api/accounts/impana")).json();
  expect(account.account.postCount).toBe(6);

  // A post deleted here stays deleted when the archive is imported once more.
  expect((await api.call("DELETE", ana, `/api/posts/${third}`)).status()).toBe(204);
  expect((await importPosts(api, ana, [batch[2]]))[0]).toMatchObject({ id: third, status: "existing" });
  expect((await api.call("GET", ana, `/api/posts/${third}`)).status()).toBe(404);

  // Which addresses came over already, asked before uploading anything.
  const known = await api.call("POST", ana, "/api/me/import/known", {
    sources: [`${OLD}/1`, `${OLD}/6`, `${OLD}/99`],
  });
  expect(await known.json()).toEqual({ known: [`${OLD}/1`, `${OLD}/6`] });
  // Ben imported nothing from there.
  const bensKnown = await api.call("POST", ben, "/api/me/import/known", { sources: [`${OLD}/1`] });
  expect(await bensKnown.json()).toEqual({ known: [] });
});

test("an import is refused whole, with a clear error, when a post or its batch is wrong", async ({
  request,
}) => {
  const url = server.current.url;
  const api = new Api(request, url);
  const ana = await api.signUp("impcarla");
  const ben = await api.signUp("impdan");
  const bensPhoto = await api.upload(ben, await png(10, 10));
  const refused = async (person: Person | null, body: unknown, status: number, field?: string) => {
    const answer = await api.call("POST", person, "/api/me/import/posts", body);
    expect(answer.status(), await answer.text()).toBe(status);
    if (field) expect(((await answer.json()) as { error: { field: string } }).error.field).toBe(field);
  };
  const fine = imported(`${OLD}/fine`, "A fine post");
  await refused(null, { posts: [fine] }, 401);
  await refused(ana, { posts: [] }, 422, "posts");
  await refused(
    ana,
    { posts: Array.from({ length: 21 }, (_, i) => imported(`${OLD}/${i}`, "x")) },
    422,
    "posts",
  );
  const future = new Date(Date.now() + 3_600_000).toISOString();
  await refused(
    ana,
    { posts: [fine, imported(`${OLD}/f`, "From the future", { createdAt: future })] },
    422,
    "posts.1.createdAt",
  );
  await refused(
    ana,
    {
      posts: [
        imported(`${OLD}/e`, "Edited before written", {
          earlierTexts: [{ text: "a", replacedAt: "2020-01-01T00:00:00Z" }],
        }),
      ],
    },
    422,
    "posts.0.earlierTexts.0.replacedAt",
  );
  await refused(ana, { posts: [imported(`${OLD}/l`, "x".repeat(501))] }, 422, "posts.0.text");
  // A date read differently in each time zone, and one before 1970 (its id could not carry it).
  await refused(
    ana,
    { posts: [imported(`${OLD}/z`, "x", { createdAt: "2025-01-02T03:04:05" })] },
    422,
    "posts.0.createdAt",
  );
  await refused(
    ana,
    { posts: [imported(`${OLD}/o`, "x", { createdAt: "1969-12-31T23:59:59Z" })] },
    422,
    "posts.0.createdAt",
  );
  await refused(ana, { posts: [imported("javascript:alert(1)", "x")] }, 422, "posts.0.source");
  await refused(ana, { posts: [{ ...fine, extra: true }] }, 422);
  await refused(
    ana,
    { posts: [imported(`${OLD}/big`, "x", { contentWarning: "y".repeat(2_000_000) })] },
    413,
  );
  // Ben's photo is not Ana's to attach: nothing of the batch is stored.
  await refused(
    ana,
    { posts: [fine, imported(`${OLD}/p`, "", { media: [{ id: bensPhoto.id, alt: "" }] })] },
    404,
    "media",
  );
  const known = await api.call("POST", ana, "/api/me/import/known", { sources: [`${OLD}/fine`] });
  expect(await known.json()).toEqual({ known: [] });
  expect(
    (await api.call("POST", ana, "/api/me/import/known", { sources: Array(201).fill(`${OLD}/1`) })).status(),
  ).toBe(422);
});
