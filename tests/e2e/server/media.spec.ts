import sharp from "sharp";
import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS, type Person } from "./client.ts";
import { jpegWithGps, mp4, png } from "./media-fixtures.ts";

const server = useServer({
  env: {
    ...RELAXED_LIMITS,
    P92_MAX_IMAGE_BYTES: "200000",
    P92_MAX_VIDEO_BYTES: "400000",
    P92_MAX_VIDEO_SECONDS: "300",
  },
});
let person: Person;

test.beforeAll(async ({ request }) => {
  person = await new Api(request, server.current.url).signUp("photographer");
});

const upload = (request: import("@playwright/test").APIRequestContext, body: Buffer, contentType: string) =>
  request.post(`${server.current.url}/api/media`, {
    headers: { ...person.auth, "content-type": contentType },
    data: body,
  });

test("a PNG sent as video/mp4 is stored as the PNG it is, cacheable for good once a post uses it", async ({
  request,
}) => {
  const response = await upload(request, await png(20, 10), "video/mp4");
  expect(response.status()).toBe(201);
  const { media } = await response.json();
  expect(media).toMatchObject({ kind: "image", mimeType: "image/png", width: 20, height: 10 });
  expect(media.url).toMatch(/\.png$/);
  const file = await request.get(media.url);
  expect(file.headers()["content-type"]).toBe("image/png");
  expect(file.headers()["x-content-type-options"]).toBe("nosniff");
  // Not attached yet, so it may still be removed: not cached.
  expect(file.headers()["cache-control"]).toBe("no-cache");
  await new Api(request, server.current.url).createPost(person, "a picture", { media: [{ id: media.id }] });
  const attached = await request.get(media.url);
  expect(attached.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  const preview = await request.get(media.previewUrl);
  expect(preview.headers()["content-type"]).toBe("image/webp");
});

test("a stored JPEG has no EXIF left, GPS included, and stands the right way up", async ({ request }) => {
  const original = await jpegWithGps(6);
  const before = await sharp(original).metadata();
  expect(before.exif?.includes(Buffer.from("TestCam"))).toBe(true);
  expect(
    before.exif?.includes(Buffer.from([0x88, 0x25])) || before.exif?.includes(Buffer.from([0x25, 0x88])),
  ).toBe(true); // the GPS IFD pointer tag
  const response = await upload(request, original, "image/jpeg");
  expect(response.status()).toBe(201);
  const { media } = await response.json();
  // Orientation 6 means "rotate 90°": the 40×30 picture is stored as 30×40.
  expect(media).toMatchObject({ mimeType: "image/jpeg", width: 30, height: 40 });
  const stored = await (await request.get(media.url)).body();
  const after = await sharp(stored).metadata();
  expect(after.exif).toBeUndefined();
  expect(stored.includes(Buffer.from("TestCam"))).toBe(false);
});

test("an image over the limit is refused with 413 naming the limit", async ({ request }) => {
  const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300_000, 7)]);
  const response = await upload(request, big, "image/jpeg");
  expect(response.status()).toBe(413);
  expect((await response.json()).error).toMatchObject({
    code: "too_large",
    message: expect.stringContaining("200000 bytes"),
  });
});

test("a file of unknown type is refused with 415", async ({ request }) => {
  const response = await upload(
    request,
    Buffer.from("#!/bin/sh\necho this is not a picture at all, nor a video\n"),
    "image/png",
  );
  expect(response.status()).toBe(415);
  expect((await response.json()).error.code).toBe("unsupported_media_type");
});

test("the size limit is the one of the type the bytes show, even when no length is declared", async () => {
  // Streamed without Content-Length, so the server counts the bytes as they come, by their type.
  const streamed = (body: Buffer) =>
    fetch(`${server.current.url}/api/media`, {
      method: "POST",
      headers: { ...person.auth, "content-type": "application/octet-stream" },
      body: new ReadableStream({
        start(controller) {
          for (let at = 0; at < body.length; at += 64 * 1024)
            controller.enqueue(body.subarray(at, at + 64 * 1024));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
  const video = await streamed(mp4(10, 450_000));
  expect(video.status).toBe(413);
  expect((await video.json()).error).toMatchObject({
    code: "too_large",
    message: expect.stringContaining("400000 bytes"),
  });
  const photo = await streamed(
    Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300_000, 7)]),
  );
  expect(photo.status).toBe(413);
  expect((await photo.json()).error.message).toContain("200000 bytes");
});

test("a body shorter than any file signature is refused with 415", async ({ request }) => {
  const response = await upload(request, Buffer.from([0x1a, 0x45, 0xdf]), "video/webm");
  expect(response.status()).toBe(415);
  expect((await response.json()).error.code).toBe("unsupported_media_type");
});

test("a video longer than the limit is refused, with its length in the message", async ({ request }) => {
  const response = await upload(request, mp4(400), "video/mp4");
  expect(response.status()).toBe(422);
  expect((await response.json()).error.message).toContain("this one lasts 400 s");
});

test("a video's duration is read from its container and byte ranges are served", async ({ request }) => {
  const video = mp4(12.5);
  const response = await upload(request, video, "application/octet-stream");
  expect(response.status()).toBe(201);
  const { media } = await response.json();
  expect(media).toMatchObject({ kind: "video", mimeType: "video/mp4", duration: 12.5 });
  const part = await request.get(media.url, { headers: { range: "bytes=100-199" } });
  expect(part.status()).toBe(206);
  expect(part.headers()["content-range"]).toBe(`bytes 100-199/${video.length}`);
  expect(part.headers()["content-type"]).toBe("video/mp4");
  expect((await part.body()).equals(video.subarray(100, 200))).toBe(true);
  const tail = await request.get(media.url, { headers: { range: "bytes=-10" } });
  expect((await tail.body()).equals(video.subarray(video.length - 10))).toBe(true);
  const outside = await request.get(media.url, { headers: { range: `bytes=${video.length + 5}-` } });
  expect(outside.status()).toBe(416);
});

test("uploaded media can be attached to a post", async ({ request }) => {
  const api = new Api(request, server.current.url);
  const { media } = await (await upload(request, await png(), "image/png")).json();
  const post = await api.createPost(person, "", { media: [{ id: media.id, alt: "a blue square" }] });
  expect(post.media).toEqual([{ ...media, alt: "a blue square" }]);
});
