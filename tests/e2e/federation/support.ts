import { expect, type APIRequestContext } from "@playwright/test";
import type { RemoteServer } from "../../fake-fediverse/remote-server.ts";
import { RETRY, type Api, type Person } from "../server/client.ts";
import type { RunningServer } from "../support/server.ts";

const WAIT = { timeout: 20_000 };

/** Waits until a server has nothing of federation's left to do (deliveries and received activities). */
export async function settled(request: APIRequestContext, server: RunningServer): Promise<void> {
  await expect
    .poll(async () => {
      // A keep-alive socket the server is closing may reset the request: it is sent again.
      const health = (await (await request.get(`${server.url}/api/health`, RETRY)).json()) as {
        federation: { queued: number };
      };
      return health.federation.queued;
    }, WAIT)
    .toBe(0);
}

/**
 * `reader` follows `user` of the fake server through `api`'s P92 server, whose signed Accept of
 * the Follow it received makes the request a follow there.
 */
export async function followAccepted(api: Api, reader: Person, remote: RemoteServer, user: string) {
  const handle = remote.handle(user);
  expect((await api.follow(reader, handle)).status()).toBe(200);
  const follow = () =>
    remote.received.find(
      (r) =>
        r.verified &&
        r.activity.type === "Follow" &&
        String(r.activity.actor).endsWith(`/api/accounts/${reader.handle}`),
    )?.activity;
  await expect.poll(() => follow() !== undefined, WAIT).toBe(true);
  await fetch(await remote.signed(`${api.url}/api/inbox`, remote.acceptOf(follow()!)));
  const state = async () =>
    (
      (await (
        await api.request.get(`${api.url}/api/accounts/${encodeURIComponent(handle)}`, {
          headers: reader.auth,
        })
      ).json()) as { follow?: string }
    ).follow;
  await expect.poll(state, WAIT).toBe("following");
}
