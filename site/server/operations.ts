import { ApiFailure } from "../../shared/api-failure.ts";
import { extractLinks } from "../../shared/post-text.ts";
import type { Operation } from "../../shared/sync.ts";
import type { ServerConfig } from "./config.ts";
import type { Call } from "./http/endpoint.ts";
import { notFound } from "./http/errors.ts";
import { spendWrite } from "./http/write-limits.ts";
import { MAX_POST_EDITS } from "./storage/rows/post-edits.ts";
import {
  succeeded,
  type MissingField,
  type OpOutcome,
  type Performed,
  type RemoteOperation,
  type StoreOp,
} from "./storage/store.ts";

/** A sync op's id, and whether an earlier batch applied it already (a retry). */
export interface SyncedOp {
  opId: string;
  retried: boolean;
}

/**
 * The one way an account's operation enters the server, whether from a REST route, a sync batch or
 * a federation inbox (which also stores, edits and deletes the posts of the remote account that
 * sent the activity: RemoteOperation): it spends the writing allowance (a post, or any other action) of the
 * account and of the address, applies the operation in the Store (at most once per sync op id)
 * and throws the same ApiFailure for the same refusal whatever the entrance.
 *
 * The allowance is taken in the order asked (both limiters answer in call order), so operations
 * started one after another reach the Store's writer in that order; a sync batch applies its ops
 * one after the other.
 */
export async function perform(
  call: Pick<Call, "runtime" | "ip">,
  accountId: number,
  op: Operation | RemoteOperation,
  synced?: SyncedOp,
): Promise<Performed> {
  const posting = op.type === "createPost" || op.type === "receivePost";
  // A retried op answers ok again without spending the allowance a second time.
  if (!synced?.retried) await spendWrite(call, accountId, posting ? "post" : "action");
  const outcome = await call.runtime.store.applyOp(
    accountId,
    storeOp(op, call.runtime.config),
    synced?.opId ?? null,
  );
  if (succeeded(outcome)) return outcome;
  throw failureOf(outcome, op.type);
}

/**
 * A new post as stored, field by field (its content hash tells a retry from another post: it
 * must not depend on what else the parsed input carries). Its links are found here, once: every
 * reader gets the server's list. So are an edit's, and the time before which a post is too old to
 * edit.
 */
function storeOp(
  op: Operation | RemoteOperation,
  config: Pick<ServerConfig, "postEditWindowSeconds" | "publicUrl">,
): StoreOp {
  if (op.type === "editPost") {
    const editableFrom = new Date(Date.now() - config.postEditWindowSeconds * 1000).toISOString();
    return { ...op, links: extractLinks(op.text), editableFrom };
  }
  if (op.type !== "createPost") return op;
  const { id, text, media, replyTo, quoteOf, replyPolicy } = op.post;
  return {
    type: "createPost",
    post: {
      id,
      text,
      links: extractLinks(text),
      media: media.map((attachment) => ({ id: attachment.id, alt: attachment.alt })),
      replyTo,
      quoteOf,
      replyPolicy: replyPolicy ?? "everyone",
    },
    localHost: new URL(config.publicUrl).host,
  };
}

const MISSING: Record<MissingField, (id: string) => string> = {
  postId: (id) => `Post ${id}`,
  replyTo: (id) => `Post ${id}`,
  quoteOf: (id) => `Post ${id}`,
  handle: (handle) => `@${handle}`,
  media: (id) => `Media ${id}`,
  avatarMediaId: (id) => `Image ${id} of yours`,
  follow: () => "The follow request",
};

/** What a request of an account deleted since its session was checked gets. */
export const accountDeleted = () => new ApiFailure(401, "unauthenticated", "This account is deleted");

/** The API error of a refused operation. */
function failureOf(outcome: Exclude<OpOutcome, Performed>, type: string): ApiFailure {
  switch (outcome.status) {
    case "conflict":
      return new ApiFailure(
        409,
        "id_conflict",
        "A different post already has this id; generate a new id",
        "id",
      );
    case "not_found": {
      // What the route's path names (a post, an account) is no field of the body.
      const inPath = outcome.field === "postId" || outcome.field === "handle";
      return notFound(MISSING[outcome.field](outcome.id), inPath ? undefined : outcome.field);
    }
    case "forbidden":
      return new ApiFailure(403, "forbidden", "Only its author can delete or change a post");
    case "account_deleted":
      return accountDeleted();
    case "self": {
      // Only following, blocking and muting name an account (and their undoing, which is a no-op).
      const verb = type.replace(/^un/, "");
      return new ApiFailure(422, `cannot_${verb}_self`, `You cannot ${verb} yourself`, "handle");
    }
    case "blocked":
      return new ApiFailure(403, "blocked", "You cannot do this: one of you has blocked the other");
    case "private":
      return new ApiFailure(
        422,
        "cannot_repost_private",
        "A post for its author's followers only cannot be reposted",
      );
    case "reply_limited":
      return new ApiFailure(
        403,
        "reply_limited",
        "The author of this post limited who can reply to it",
        "replyTo",
      );
    case "too_late":
      return new ApiFailure(
        409,
        "edit_window_closed",
        "This post can no longer be edited: posted too long ago",
      );
    case "empty":
      return new ApiFailure(422, "post_empty", "A post needs text or media", "text");
    case "too_many_edits":
      return new ApiFailure(
        409,
        "too_many_edits",
        `This post was edited ${MAX_POST_EDITS} times, the most it can be`,
      );
  }
}
