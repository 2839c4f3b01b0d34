import { newId } from "../../../shared/ids.ts";
import type { AccountRecord, NewPostRecord, RemotePostRecord } from "../../../site/server/storage/records.ts";
import type { Store } from "../../../site/server/storage/store.ts";

/** A new account straight in the store (no password to check), answering its id. */
export async function newAccount(store: Store, handle: string): Promise<number> {
  const created = await store.createAccount({
    handle,
    passwordHash: Buffer.alloc(64),
    passwordSalt: Buffer.alloc(16),
    displayName: "",
    bio: "",
    links: [],
    instagram: null,
  });
  if (created === "handle_taken") throw new Error(`@${handle} is taken`);
  return created.id;
}

/** A new post of this server as the Store takes it, at a new id. */
export const postRecord = (text: string, extra: Partial<NewPostRecord> = {}): NewPostRecord => ({
  id: newId(),
  text,
  links: [],
  media: [],
  replyTo: null,
  quoteOf: null,
  replyPolicy: "everyone",
  ...extra,
});

/** A public post from another server as the Store receives it, at a new id on `origin`. */
export function remotePostRecord(
  text: string,
  extra: Partial<RemotePostRecord> = {},
  origin = "https://remote.example",
): RemotePostRecord {
  const objectUri = `${origin}/notes/${newId()}`;
  return {
    objectUri,
    url: objectUri,
    text,
    links: [],
    media: [],
    replyTo: null,
    quoteOf: null,
    contentWarning: null,
    sensitive: false,
    visibility: "public",
    createdAt: new Date().toISOString(),
    editedAt: null,
    mentions: [],
    replyPolicy: "everyone",
    ...extra,
  };
}

/** `user` of the server at `origin` as an account here (created, or refreshed with `extra`). */
export async function remoteAccount(
  store: Store,
  user: string,
  origin = "https://remote.example",
  extra: { displayName?: string; avatarUrl?: string | null } = {},
): Promise<AccountRecord> {
  const actorUri = `${origin}/users/${user}`;
  const saved = await store.saveRemoteAccount({
    handle: `${user}@${new URL(origin).host}`,
    displayName: extra.displayName ?? "",
    bio: "",
    links: [],
    suspended: false,
    actor: {
      actorUri,
      inbox: `${actorUri}/inbox`,
      sharedInbox: null,
      followers: `${actorUri}/followers`,
      url: `${origin}/@${user}`,
      avatarUrl: extra.avatarUrl ?? null,
    },
  });
  if (typeof saved === "string") throw new Error(saved);
  return saved;
}
