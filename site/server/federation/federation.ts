import { createFederation, type KvStore, type MessageQueue } from "@fedify/fedify";
import { Note, Tombstone } from "@fedify/fedify/vocab";
import { readHandle } from "../../../shared/schema/common.ts";
import type { ServerConfig } from "../config.ts";
import type { Runtime } from "../runtime.ts";
import type { Store } from "../storage/store.ts";
import { personOf } from "./actors.ts";
import { registerCollections } from "./collections.ts";
import type { P92Federation } from "./context.ts";
import { countDroppedDelivery, deliveryRetryPolicy } from "./delivery-policy.ts";
import { documentLoaderFactories } from "./document-loader.ts";
import { registerInbox } from "./inbox.ts";
import { ActorKeyring } from "./keys.ts";
import { registerNodeInfo } from "./nodeinfo.ts";
import { noteLinks, noteOf } from "./notes.ts";
import { FEDERATION_PATHS } from "./paths.ts";
import { SERVER_ACTOR, SERVER_ACTOR_USERNAME, serverActorOf } from "./server-actor.ts";
import { withoutBlockedDeliveries, type BlockedHost } from "./blocked-domains.ts";
import { duration, instant } from "./temporal.ts";

export type { P92Federation } from "./context.ts";

/**
 * The server's ActivityPub side (Fedify): WebFinger, actors and their keys, posts as notes, the
 * outbox and follow collections, NodeInfo. Ids are the API's URLs under P92_PUBLIC_URL: an account
 * is `/api/accounts/:handle`, a post `/api/posts/:id`; those routes answer P92 JSON to the site and
 * ActivityStreams to other servers (site/middleware.ts decides which).
 */
export function createP92Federation(options: {
  config: ServerConfig;
  store: Store;
  kv: KvStore & Required<Pick<KvStore, "cas">>;
  queue: MessageQueue;
  blocked: BlockedHost;
}): P92Federation {
  const { config, store, kv } = options;
  const dropped = () => void countDroppedDelivery(kv);
  const federation = createFederation<Runtime>({
    kv: options.kv,
    queue: withoutBlockedDeliveries(options.queue, options.blocked),
    // The queue is started by the runtime, once the claims of a previous process are released.
    manuallyStartQueue: true,
    origin: config.publicUrl,
    // Failed deliveries: tried again over about two days, then dropped and counted. A server
    // that keeps failing (5 failures in 10 minutes) is paused, its deliveries held and tried
    // again after 30 minutes, as long as the retries would last (Fedify's circuit breaker).
    outboxRetryPolicy: deliveryRetryPolicy(config.deliveryRetry, dropped),
    circuitBreaker: {
      heldActivityTtl: duration({ milliseconds: Math.round(config.deliveryRetry.giveUpSeconds * 1000) }),
    },
    // Bounded fetches; they also decide about private addresses (P92_FEDERATION_ALLOW_PRIVATE).
    ...documentLoaderFactories(options.kv, {
      allowPrivate: config.federationAllowPrivate,
      publicUrl: config.publicUrl,
      blocked: options.blocked,
    }),
  });
  const keyring = new ActorKeyring(store);
  const accountOf = async (identifier: string) => {
    const handle = readHandle(identifier);
    return handle === identifier ? store.accountByHandle(handle) : null;
  };

  federation
    .setActorDispatcher(FEDERATION_PATHS.actor, async (ctx, identifier) => {
      if (identifier === SERVER_ACTOR) return serverActorOf(ctx, await ctx.getActorKeyPairs(identifier));
      const account = await accountOf(identifier);
      if (account) return personOf(ctx, account, await ctx.getActorKeyPairs(identifier));
      // An account deleted here answers 410 Gone while its handle is reserved.
      const gone = readHandle(identifier) === identifier ? await store.localAccountState(identifier) : null;
      return gone?.deletedAt
        ? new Tombstone({ id: ctx.getActorUri(identifier), deleted: instant(gone.deletedAt) })
        : null;
    })
    // WebFinger names are case-insensitive to people (`@Alice@host`); handles are lower-case.
    .mapHandle((_ctx, username) =>
      username.toLowerCase() === SERVER_ACTOR_USERNAME ? SERVER_ACTOR : readHandle(username),
    )
    .setKeyPairsDispatcher(async (_ctx, identifier) => {
      if (identifier === SERVER_ACTOR) return keyring.keyPairs(null);
      // A deleted account's keys still sign its Delete(Person) while its handle is reserved.
      const account =
        readHandle(identifier) === identifier ? await store.localAccountState(identifier) : null;
      return account ? keyring.keyPairs(account.id) : [];
    });

  federation.setObjectDispatcher(Note, FEDERATION_PATHS.note, async (ctx, { id }) => {
    // A post from another server is not this server's to serve: its id is on its own server.
    const post = await store.postById(id, null);
    if (!post || post.deleted || post.remote) return null;
    return noteOf(ctx, post, await noteLinks(ctx, store, post));
  });

  // An inbox that answers 404 or 410 is gone: nothing is tried again. Fedify also calls this for
  // a delivery the circuit breaker held past its time (reason "circuit-breaker-ttl").
  federation.setOutboxPermanentFailureHandler(dropped);
  registerInbox(federation);
  registerCollections(federation, store, accountOf);
  registerNodeInfo(federation, store);
  return federation;
}
