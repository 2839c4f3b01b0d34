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
