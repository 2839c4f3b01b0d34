import { hashPassword } from "../../site/server/auth/passwords.ts";
import { readConfig } from "../../site/server/config.ts";
import { createRuntime } from "../../site/server/runtime.ts";
import type { Store } from "../../site/server/storage/store.ts";

/** An account elsewhere, as the benchmark's fake servers serve it. */
export interface RemoteSeed {
  /** `user@host`. */
  handle: string;
  actorUri: string;
  inbox: string;
  sharedInbox: string | null;
}

export const BENCH_PASSWORD = "benchmark password";

/**
 * Fills a data directory through the server's own Store (so the rows are what the inbox would
 * have written): one local account, accounts elsewhere, and the follows between them, in
 * batches that the group commit writes together. `followers` follow the local account; the local
 * account follows `followed` (requests their servers accepted). Runs before the server starts, so
 * its delivery, which begins at the end of the change log, sends none of this.
 */
export async function seedFederation(
  env: Record<string, string>,
  local: string,
  remote: { followers?: RemoteSeed[]; followed?: RemoteSeed[] },
): Promise<void> {
  const runtime = await createRuntime(readConfig(env));
  try {
    const { store } = runtime;
    const { hash, salt } = await hashPassword(BENCH_PASSWORD);
    const created = await store.createAccount({
      handle: local,
      passwordHash: hash,
      passwordSalt: salt,
      displayName: local,
      bio: "",
      links: [],
      instagram: null,
    });
    if (typeof created === "string") throw new Error(`@${local}: ${created}`);
    await inBatches(remote.followers ?? [], async (seed) => {
      const account = await saveRemote(store, seed);
      await store.applyOp(account, { type: "follow", handle: local }, null);
    });
    await inBatches(remote.followed ?? [], async (seed) => {
      const account = await saveRemote(store, seed);
      await store.applyOp(created.id, { type: "follow", handle: seed.handle }, null);
      await store.applyOp(account, { type: "acceptFollow", followerId: created.id }, null);
    });
  } finally {
    runtime.close();
  }
}

async function saveRemote(store: Store, seed: RemoteSeed): Promise<number> {
  const saved = await store.saveRemoteAccount({
    handle: seed.handle,
    displayName: seed.handle.split("@")[0]!,
    bio: "",
    links: [],
    suspended: false,
    actor: {
      actorUri: seed.actorUri,
      inbox: seed.inbox,
      sharedInbox: seed.sharedInbox,
      followers: `${seed.actorUri}/followers`,
      url: seed.actorUri,
      avatarUrl: null,
    },
  });
  if (typeof saved === "string") throw new Error(`${seed.handle}: ${saved}`);
  return saved.id;
}

async function inBatches<T>(items: T[], each: (item: T) => Promise<void>, size = 500): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(each));
}
