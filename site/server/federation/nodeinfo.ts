import { SERVER_VERSION } from "../version.ts";
import type { Store } from "../storage/store.ts";
import type { P92Federation } from "./federation.ts";
import { FEDERATION_PATHS } from "./paths.ts";

/** NodeInfo 2.1: what software this is, that it speaks ActivityPub, how many people and posts. */
export function registerNodeInfo(federation: P92Federation, store: Store): void {
  federation.setNodeInfoDispatcher(FEDERATION_PATHS.nodeInfo, async () => {
    const usage = await store.instanceUsage();
    return {
      software: { name: "p92", version: SERVER_VERSION },
      protocols: ["activitypub"],
      openRegistrations: true,
      usage: {
        users: { total: usage.users },
        localPosts: usage.posts,
        localComments: 0,
      },
    };
  });
}
