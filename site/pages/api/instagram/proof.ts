import { ProofRequest } from "../../../../shared/graph.ts";
import { pendingProof, startProof } from "../../../server/graph/proof.ts";
import { endpoint, json, readJson, requireAccount } from "../../../server/http/endpoint.ts";
import { spendWrite } from "../../../server/http/write-limits.ts";

export const prerender = false;

/** POST /api/instagram/proof: a 24-hour code to put in the Instagram bio. */
export const POST = endpoint(async (call) => {
  const accountId = await requireAccount(call);
  const { handle } = await readJson(call.request, ProofRequest);
  await spendWrite(call, accountId, "action");
  return json({ proof: await startProof(call, accountId, handle) }, 201);
});

/** GET /api/instagram/proof: `{ proof }`, the pending code or null. */
export const GET = endpoint(async (call) =>
  json({ proof: await pendingProof(call, await requireAccount(call)) }),
);
