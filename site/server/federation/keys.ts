import { exportJwk, generateCryptoKeyPair, importJwk } from "@fedify/fedify";
import type { ActorKeysRecord } from "../storage/records.ts";
import type { Store } from "../storage/store.ts";

/** Accounts whose imported keys stay in memory; importing a JWK costs about a millisecond. */
const CACHED_ACCOUNTS = 1_000;

/**
 * Each account's signing keys: RSA (HTTP signatures, what every server checks) first, then
 * Ed25519 (object integrity proofs, FEP-8b32). Made the first time another server needs them and
 * kept in the Store, so an account's keys never change under its followers.
 */
export class ActorKeyring {
  readonly #store: Store;
  readonly #cache = new Map<number | null, Promise<CryptoKeyPair[]>>();

  constructor(store: Store) {
    this.#store = store;
  }

  /** An account's key pairs; null: the server's own actor's (server-actor.ts). */
  keyPairs(accountId: number | null): Promise<CryptoKeyPair[]> {
    let pairs = this.#cache.get(accountId);
    if (pairs === undefined) {
      pairs = this.#load(accountId);
      pairs.catch(() => this.#cache.delete(accountId));
      if (this.#cache.size >= CACHED_ACCOUNTS) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(accountId, pairs);
    }
    return pairs;
  }

  async #load(accountId: number | null): Promise<CryptoKeyPair[]> {
    const stored =
      (await this.#store.actorKeys(accountId)) ??
      (await this.#store.saveActorKeys(accountId, await makeKeys()));
    return Promise.all([importPair(stored.rsa), importPair(stored.ed25519)]);
  }
}

async function makeKeys(): Promise<ActorKeysRecord> {
  const [rsa, ed25519] = await Promise.all([
    generateCryptoKeyPair("RSASSA-PKCS1-v1_5"),
    generateCryptoKeyPair("Ed25519"),
  ]);
  return { rsa: await exportPair(rsa), ed25519: await exportPair(ed25519) };
}

async function exportPair(pair: CryptoKeyPair): Promise<ActorKeysRecord["rsa"]> {
  return { privateKey: await exportJwk(pair.privateKey), publicKey: await exportJwk(pair.publicKey) };
}

async function importPair(pair: ActorKeysRecord["rsa"]): Promise<CryptoKeyPair> {
  return {
    privateKey: await importJwk(pair.privateKey, "private"),
    publicKey: await importJwk(pair.publicKey, "public"),
  };
}
