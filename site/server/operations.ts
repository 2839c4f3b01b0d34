import { extractLinks } from "../../shared/post-text.ts";
import type { Operation } from "../../shared/sync.ts";
import type { Call } from "./http/endpoint.ts";
import { ApiFailure } from "../../shared/api-failure.ts";
import { notFound } from "./http/errors.ts";
import { rateLimited, tryWrite } from "./http/write-limits.ts";
import type { MissingField, OpOutcome, StoreOp } from "./storage/store.ts";

/** What an operation that went through gave. */
export type Performed = Extract<OpOutcome, { status: "done" | "created" | "existing" | "already_applied" }>;

/** A sync op's id, and whether an earlier batch applied it already (a retry). */
export interface SyncedOp {
  opId: string;
  retried: boolean;
}

/**
 * The one way an account's operation enters the server, whether from a REST route, a sync batch or
 * (later) a federation inbox: it spends the writing allowance (a post, or any other action) of the
 * account and of the address, applies the operation in the Store (at most once per sync op id)
 * and throws the same ApiFailure for the same refusal whatever the entrance.
 *
 * Everything before the Store call is synchronous, so operations started one after another reach
 * the Store's writer in that order (a sync batch is applied in its order).
 */
export async function perform(
  call: Pick<Call, "runtime" | "ip">,
  accountId: number,
  op: Operation,
  synced?: SyncedOp,
): Promise<Performed> {
  // A retried op answers ok again without spending the allowance a second time.
  if (!synced?.retried) {
    const kind = op.type === "createPost" ? "post" : "action";
    const wait = tryWrite(call, accountId, kind);
    if (wait > 0) throw rateLimited(kind, wait);
  }
  const outcome = await call.runtime.store.applyOp(accountId, storeOp(op), synced?.opId ?? null);
  switch (outcome.status) {
    case "done":
    case "created":
    case "existing":
    case "already_applied":
      return outcome;
    default:
      throw failureOf(outcome);
  }
}

/** Links are found once, here, and stored with the post: every reader gets the server's list. */
function storeOp(op: Operation): StoreOp {
  return op.type === "createPost"
    ? { type: "createPost", post: { ...op.post, links: extractLinks(op.post.text) } }
    : op;
}

const MISSING: Record<MissingField, (id: string) => string> = {
  postId: (id) => `Post ${id}`,
  replyTo: (id) => `Post ${id}`,
  quoteOf: (id) => `Post ${id}`,
  handle: (handle) => `@${handle}`,
  media: (id) => `Media ${id}`,
  avatarMediaId: (id) => `Image ${id} of yours`,
};

/** The API error of a refused operation. */
function failureOf(outcome: Exclude<OpOutcome, Performed>): ApiFailure {
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
      return new ApiFailure(403, "forbidden", "Only its author can delete a post");
    case "self":
      return new ApiFailure(422, "cannot_follow_self", "You cannot follow yourself", "handle");
  }
}
