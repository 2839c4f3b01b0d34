import { Application, Endpoints, Flag } from "@fedify/fedify/vocab";
import { newId } from "../../../shared/ids.ts";
import type { AccountRecord, PostRecord } from "../storage/records.ts";
import type { P92Context } from "./context.ts";
import { recipientOf } from "./remote-actors.ts";

/**
 * The server's own actor (an `Application`), which signs what no account says: a report sent on
 * to another server (Flag), so its reporter stays unnamed there. Its identifier and its username
 * are no handle (handles hold only letters, digits, `.` and `_`), so no account here can ever take
 * them, and other servers (which know accounts by username and host) never mistake it for one.
 */
export const SERVER_ACTOR = "~server";
/** Its WebFinger name: `p92-server@host`. */
export const SERVER_ACTOR_USERNAME = "p92-server";

type ActorKeys = Awaited<ReturnType<P92Context["getActorKeyPairs"]>>;

export function serverActorOf(ctx: P92Context, keys: ActorKeys): Application {
  const host = new URL(ctx.canonicalOrigin).host;
  return new Application({
    id: ctx.getActorUri(SERVER_ACTOR),
    preferredUsername: SERVER_ACTOR_USERNAME,
    name: `P92 (${host})`,
    url: new URL(ctx.canonicalOrigin),
    inbox: ctx.getInboxUri(),
    endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
    publicKey: keys[0]?.cryptographicKey ?? null,
    assertionMethods: keys.map((key) => key.multikey),
    manuallyApprovesFollowers: true,
  });
}

/**
 * Sends a report about someone elsewhere on to their server, as Mastodon reads one: a `Flag` of
 * their actor (and of the reported post), its reason and comment as `content`, from the server's
 * actor.
 */
export async function forwardReport(
  ctx: P92Context,
  report: { comment: string; reason: string },
  account: AccountRecord,
  post: PostRecord | null,
): Promise<void> {
  const remote = account.remote;
  if (!remote) return;
  const actor = ctx.getActorUri(SERVER_ACTOR);
  const objects = [new URL(remote.actorUri), ...(post?.remote ? [new URL(post.remote.objectUri)] : [])];
  const flag = new Flag({
    // Random: a count of this server's reports is nobody's business.
    id: new URL(`${actor.href}#flags/${newId()}`),
    actor,
    objects,
    content: report.comment ? `${report.reason}: ${report.comment}` : report.reason,
  });
  await ctx.sendActivity({ identifier: SERVER_ACTOR }, recipientOf(remote), flag, {
    preferSharedInbox: true,
  });
}
