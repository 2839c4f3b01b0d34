import { blockedHosts } from "../../../../site/server/federation/blocked-domains.ts";
import { Person } from "@fedify/fedify/vocab";
import { describe, expect, it } from "vitest";
import {
  checkInboxes,
  remoteProfileOf,
  UnusableActor,
} from "../../../../site/server/federation/remote-actors.ts";

const ACTOR = "https://social.example/users/Zoe";

/** A Mastodon-shaped actor document, with what a hostile one would add. */
async function person(extra: Record<string, unknown> = {}) {
  return Person.fromJsonLd({
    "@context": [
      "https://www.w3.org/ns/activitystreams",
      "https://w3id.org/security/v1",
      { schema: "http://schema.org#", PropertyValue: "schema:PropertyValue", value: "schema:value" },
    ],
    id: ACTOR,
    type: "Person",
    preferredUsername: "Zoe",
    name: "Zoë\nthe\tsecond",
    summary:
      '<p>Hi <a href="https://social.example/tags/art" class="mention hashtag" rel="tag">#<span>art</span></a></p>',
    url: "https://social.example/@Zoe",
    inbox: `${ACTOR}/inbox`,
    followers: `${ACTOR}/followers`,
    endpoints: { sharedInbox: "https://social.example/inbox" },
    icon: { type: "Image", mediaType: "image/png", url: "https://files.social.example/zoe.png" },
    attachment: [
      {
        type: "PropertyValue",
        name: "Site",
        value:
          '<a href="https://zoe.example/" rel="me"><span class="invisible">https://</span>zoe.example</a>',
      },
      { type: "PropertyValue", name: "Pronouns", value: "she/her" },
      // Given as a bare URL: skipped, not fetched.
      "https://unreachable.invalid/field",
    ],
    ...extra,
  });
}

describe("a remote actor as a P92 profile", () => {
  it("takes handle, name, bio, link fields, avatar and inboxes, as text", async () => {
    expect(await remoteProfileOf(await person())).toEqual({
      handle: "zoe@social.example",
      displayName: "Zoë the second",
      bio: "Hi #art",
      links: [{ title: "Site", url: "https://zoe.example/" }],
      suspended: false,
      actor: {
        actorUri: ACTOR,
        inbox: `${ACTOR}/inbox`,
        sharedInbox: "https://social.example/inbox",
        followers: "https://social.example/users/Zoe/followers",
        url: "https://social.example/@Zoe",
        avatarUrl: "https://files.social.example/zoe.png",
      },
    });
  });

  it("says whether its server suspended it (Mastodon's suspended)", async () => {
    expect(
      (await remoteProfileOf(await person({ "http://joinmastodon.org/ns#suspended": true }))).suspended,
    ).toBe(true);
  });

  it("cuts a long name and bio to the local bounds", async () => {
    const profile = await remoteProfileOf(
      await person({ name: "n".repeat(1000), summary: `<p>${"b".repeat(9000)}</p>` }),
    );
    expect(profile.displayName).toHaveLength(150);
    expect(profile.displayName.endsWith("…")).toBe(true);
    expect(profile.bio).toHaveLength(500);
  });

  it("refuses an actor without a usable username or inbox", async () => {
    await expect(remoteProfileOf(await person({ preferredUsername: "<script>" }))).rejects.toThrow(
      UnusableActor,
    );
    await expect(remoteProfileOf(await person({ inbox: "javascript:alert(1)" }))).rejects.toThrow(
      UnusableActor,
    );
  });
});

describe("where deliveries to a remote actor would go", () => {
  const options = { blocked: blockedHosts(["blocked.example"]), allowPrivate: false };
  const withInbox = async (inbox: string, sharedInbox: string | null = null) => {
    const profile = await remoteProfileOf(await person());
    return { ...profile, actor: { ...profile.actor, inbox, sharedInbox } };
  };

  it("may be a public address", async () => {
    await expect(
      checkInboxes(await withInbox("https://93.184.215.14/inbox"), options),
    ).resolves.toBeUndefined();
  });

  it("may not be a blocked server, a private or loopback address, unless private ones are allowed", async () => {
    const refused = [
      await withInbox("https://relay.blocked.example/inbox"),
      await withInbox("https://93.184.215.14/inbox", "http://10.0.0.1/inbox"),
      await withInbox("http://127.0.0.1:9/inbox"),
      await withInbox("http://localhost/inbox"),
    ];
    for (const profile of refused)
      await expect(checkInboxes(profile, options)).rejects.toThrow(UnusableActor);
    await expect(
      checkInboxes(await withInbox("http://127.0.0.1:9/inbox"), { ...options, allowPrivate: true }),
    ).resolves.toBeUndefined();
  });
});
