import { randomBytes } from "node:crypto";
import type { Proof, ProofCheckResponse } from "../../../shared/graph.ts";
import type { Call } from "../http/endpoint.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { toAccount } from "../serialize.ts";
import { take } from "../http/rate-limit.ts";
import { fetchProfile } from "./instagram-profile.ts";

/** Letters that cannot be mistaken for one another when typed into a bio by hand. */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

export function newProofCode(): string {
  const bytes = randomBytes(8);
  return `p92-${Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join("")}`;
}

/** The code expires `ttlSeconds` after `from`. */
export function proofExpiry(from: Date, ttlSeconds: number): string {
  return new Date(from.getTime() + ttlSeconds * 1000).toISOString();
}

/**
 * POST /api/instagram/proof: a fresh code for the handle given, else the account's claimed one.
 * Asking again replaces the previous code.
 */
export async function startProof(call: Call, accountId: number, handle: string | undefined): Promise<Proof> {
  const { store, config } = call.runtime;
  const target = handle ?? (await store.accountById(accountId))?.instagram?.handle;
  if (!target) {
    throw new ApiFailure(422, "no_instagram_handle", "Say which Instagram handle to prove", "handle");
  }
  const proof = {
    handle: target.toLowerCase(),
    code: newProofCode(),
    expiresAt: proofExpiry(new Date(), config.proofTtlSeconds),
  };
  await store.saveProof(accountId, proof);
  return { ...proof, provenBy: await otherOwner(call, accountId, proof.handle) };
}

/** The P92 account other than this one that holds the handle now, if any. */
async function otherOwner(call: Call, accountId: number, handle: string): Promise<string | null> {
  const owner = await call.runtime.store.instagramOwner(handle);
  return owner && owner !== (await call.runtime.store.accountById(accountId))!.handle ? owner : null;
}

/** GET /api/instagram/proof: the pending code, so a page opened again shows the same one. */
export async function pendingProof(call: Call, accountId: number): Promise<Proof | null> {
  const pending = await call.runtime.store.pendingProof(accountId);
  return pending ? { ...pending, provenBy: await otherOwner(call, accountId, pending.handle) } : null;
}

/**
 * POST /api/instagram/proof/check: the server reads the public profile itself and links the
 * handle only if its bio holds the pending code. Every failure says why; nothing is linked
 * unless the whole link (with the arrival follows) commits.
 */
export async function checkProof(call: Call, accountId: number): Promise<ProofCheckResponse> {
  const { store, config, limiter } = call.runtime;
  const pending = await store.pendingProof(accountId);
  if (!pending) {
    throw new ApiFailure(
      404,
      "no_proof_pending",
      "Ask for a proof code first, then put it in your Instagram bio",
    );
  }
  if (pending.expiresAt <= new Date().toISOString()) throw expired();
  await take(limiter, "proofsPerAccount", String(accountId));
  const fetched = await fetchProfile(config.instagramOrigin, pending.handle);
  switch (fetched.kind) {
    case "rate_limited":
      throw new ApiFailure(
        503,
        "instagram_rate_limited",
        "Instagram is limiting requests from this server right now; try again in a few minutes",
        undefined,
        { "Retry-After": String(fetched.retryAfter ?? 300) },
      );
    case "not_found":
      throw new ApiFailure(
        404,
        "instagram_user_not_found",
        `Instagram has no account @${pending.handle}`,
        "handle",
      );
    case "unreachable":
      console.error(`instagram proof: ${fetched.detail}`);
      throw new ApiFailure(
        502,
        "instagram_unreachable",
        "Could not reach Instagram to read the profile; try again later",
      );
    case "found":
      break;
  }
  if (fetched.username.toLowerCase() !== pending.handle) {
    throw new ApiFailure(
      404,
      "instagram_user_not_found",
      `Instagram has no account @${pending.handle}`,
      "handle",
    );
  }
  if (!fetched.biography.toLowerCase().includes(pending.code)) {
    if (await otherOwner(call, accountId, pending.handle)) {
      throw new ApiFailure(
        409,
        "instagram_proven_elsewhere",
        `@${pending.handle} is already proven by another P92 account; it moves here only when the code ${pending.code} is in its Instagram bio`,
        "handle",
      );
    }
    throw new ApiFailure(
      422,
      "code_not_in_bio",
      `The code ${pending.code} is not in the bio of @${pending.handle} on Instagram yet; add it, save, then check again`,
    );
  }
  const outcome = await store.proveInstagram(
    accountId,
    { handle: pending.handle, code: pending.code, username: fetched.username, verified: fetched.verified },
    new Date().toISOString(),
  );
  if (outcome.status !== "proven") {
    throw outcome.status === "expired"
      ? expired()
      : new ApiFailure(
          409,
          "proof_replaced",
          "A newer proof code replaced this one; check again with the new code",
        );
  }
  return {
    account: toAccount(config.publicUrl, outcome.account),
    autoFollowed: outcome.autoFollowed,
    instagramFollowersHere: outcome.instagramFollowersHere,
  };
}

const expired = () =>
  new ApiFailure(
    410,
    "proof_expired",
    "This proof code has expired; ask for a new one and put it in your bio",
  );
