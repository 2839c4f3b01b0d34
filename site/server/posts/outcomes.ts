import { ApiFailure, notFound } from "../http/errors.ts";
import type { OpOutcome } from "../storage/store.ts";

/**
 * The one translation from store outcomes to API errors, shared by the REST routes and the sync
 * endpoint so both answer the same code for the same problem.
 */
export function failureOf(outcome: OpOutcome): ApiFailure | null {
  switch (outcome.status) {
    case "done":
    case "created":
    case "existing":
    case "already_applied":
      return null;
    case "conflict":
      return new ApiFailure(
        409,
        "id_conflict",
        "A different post already has this id; generate a new id",
        "id",
      );
    case "missing":
      return notFound(`${outcome.field === "media" ? "Media" : "Post"} ${outcome.id}`, outcome.field);
    case "not_found":
      return notFound(outcome.id ? `${outcome.id}` : "It");
    case "media_not_found":
      return notFound(`Image ${outcome.id ?? ""} of yours`, "avatarMediaId");
    case "forbidden":
      return new ApiFailure(403, "forbidden", "Only its author can delete a post");
    case "self":
      return new ApiFailure(422, "cannot_follow_self", "You cannot follow yourself", "handle");
  }
}

export function orThrow(outcome: OpOutcome): void {
  const failure = failureOf(outcome);
  if (failure) throw failure;
}
