import { Object as APObject } from "@fedify/fedify/vocab";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  isRemoteNoteObject,
  readRemoteNote,
  UnusableObject,
  type RemoteNoteObject,
} from "../../../../site/server/federation/remote-notes.ts";

// Objects in other servers' shapes (tests/fixtures/activitypub/README.md says after what) read as
// P92 posts. p92.example is this server.
const fixture = (name: string) =>
  JSON.parse(
    fs.readFileSync(new URL(`../../../fixtures/activitypub/${name}`, import.meta.url), "utf8"),
  ) as Record<string, unknown>;

async function objectOf(json: Record<string, unknown>): Promise<RemoteNoteObject> {
  const object = await APObject.fromJsonLd(json);
  if (!isRemoteNoteObject(object)) throw new Error(`not a note: ${object.constructor.name}`);
  return object;
}

/** This server's accounts, named by their actor ids and profile pages. */
const localHandle = (url: string) =>
  /^https:\/\/p92\.example\/(?:api\/accounts\/|@)([a-z0-9._]+)$/.exec(url)?.[1] ?? null;

const read = async (json: Record<string, unknown>) => {
  const actorUri = String(json.attributedTo);
  return readRemoteNote(await objectOf(json), {
    author: { actorUri, followers: `${actorUri}/followers` },
    localHandle,
  });
};

describe("a note of another server as a P92 post", () => {
  it("reads Mastodon's status: text, mentions, hashtag, link, warning, attachments", async () => {
    const note = await read(fixture("mastodon-note.json"));
    expect(note).toEqual({
      post: {
        objectUri: "https://mastodon.example/users/Gargron/statuses/109000000000000001",
        url: "https://mastodon.example/@Gargron/109000000000000001",
        text: "@alice look at this #cats\n\nMore: https://example.org/cats/2026\nand @dan@other.example",
        links: ["https://example.org/cats/2026"],
        media: [
          expect.objectContaining({
            kind: "image",
            mimeType: "image/jpeg",
            url: "https://files.mastodon.example/media_attachments/files/109/000/original/cat.jpg",
            alt: "A grey cat asleep on a keyboard",
            width: 1200,
            height: 900,
          }),
          expect.objectContaining({ kind: "video", mimeType: "video/mp4", alt: "", width: 640, height: 360 }),
        ],
        contentWarning: "Cat pictures",
        sensitive: true,
        visibility: "public",
        createdAt: "2026-11-30T18:00:00.000Z",
        editedAt: null,
        replyPolicy: "everyone",
      },
      replyTo: null,
      quote: null,
      mentioned: ["alice"],
    });
  });

  it("reads who may reply from GoToSocial's interaction policy; a reply its author must approve counts as not allowed", async () => {
    const note = await read(fixture("gotosocial-note.json"));
    expect(note?.post.replyPolicy).toBe("following");
    const json = fixture("gotosocial-note.json");
    const policy = json.interactionPolicy as { canReply: Record<string, string[]> };
    const only = (approved: string[]) =>
      read({ ...json, interactionPolicy: { ...policy, canReply: { automaticApproval: approved } } });
    const ana = "https://gts.example/users/ana";
    expect((await only([ana]))?.post.replyPolicy).toBe("mentioned");
    expect((await only([ana, "https://www.w3.org/ns/activitystreams#Public"]))?.post.replyPolicy).toBe(
      "everyone",
    );
    // Her followers: whether the replier follows her is for her server to tell.
    expect((await only([`${ana}/followers`]))?.post.replyPolicy).toBe("everyone");
    const { interactionPolicy: _none, ...open } = json;
    expect((await read(open))?.post.replyPolicy).toBe("everyone");
    // GoToSocial before 0.20 wrote `always` and `approvalRequired`: read as no policy.
    const older = { ...json, interactionPolicy: { canReply: { always: [ana], approvalRequired: [] } } };
    expect((await read(older))?.post.replyPolicy).toBe("everyone");
  });

  it("shows a poll's options and an article's title and start, each with its link", async () => {
    const poll = await read(fixture("mastodon-question.json"));
    expect(poll?.post.text).toBe(
      "Tabs or spaces?\n\n○ Tabs\n○ Spaces\n\nhttps://mastodon.example/@Gargron/109000000000000002",
    );
    const article = await read(fixture("article.json"));
    expect(article?.post.text).toBe(
      "Why we federate\n\nIntro\n\nFederation means no single company decides.\n\nhttps://blog.example/2026/11/why-we-federate",
    );
  });

  it("knows what a quote quotes", async () => {
    const quote = await read(fixture("misskey-quote.json"));
    expect(quote?.quote).toBe("https://p92.example/api/posts/0190b0c2-0000-7000-8000-000000000001");
    expect(quote?.post.text).toMatch(/^so true\n\nRE: https:\/\/p92\.example\/post\//);
  });

  it("leaves hostile markup as inert text", async () => {
    const note = await read({
      ...fixture("article.json"),
      type: "Note",
      content:
        '<p>a<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">click</a> ' +
        '<a href="data:text/html,<b>x</b>">data</a> &lt;b&gt;bold&lt;/b&gt;</p>',
      summary: "<b>cw</b>",
    });
    expect(note?.post.text).toBe("aclick data <b>bold</b>");
    expect(note?.post.links).toEqual([]);
    expect(note?.post.contentWarning).toBe("cw");
  });

  it("marks media sensitive without hiding the text when there is no warning", async () => {
    const note = await read({ ...fixture("mastodon-note.json"), summary: null, sensitive: true });
    expect(note?.post).toMatchObject({ contentWarning: null, sensitive: true });
  });

  it("is a direct message (not kept) without the public or the author's followers", async () => {
    const json = fixture("mastodon-note.json");
    expect(await read({ ...json, to: ["https://p92.example/api/accounts/alice"], cc: [] })).toBeNull();
    const followersOnly = await read({
      ...json,
      to: ["https://mastodon.example/users/Gargron/followers"],
      cc: [],
    });
    expect(followersOnly?.post.visibility).toBe("followers");
  });

  it("is refused when its id is not on its author's server", async () => {
    const json = { ...fixture("mastodon-note.json"), id: "https://elsewhere.example/statuses/1" };
    await expect(read(json)).rejects.toBeInstanceOf(UnusableObject);
  });
});
