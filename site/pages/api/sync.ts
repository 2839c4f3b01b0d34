import { SyncRequest } from "../../../shared/sync.ts";
import { jsonText } from "../../server/http/answer-budget.ts";
import { MAX_SYNC_BYTES, endpoint, readJson, requireAccount } from "../../server/http/endpoint.ts";
import { onSync } from "../../server/sync/sync.ts";

export const prerender = false;

/** POST /api/sync: push outbox ops, pull changes since the cursor (shared/sync.ts). */
export const POST = endpoint(async (call) => {
  const accountId = await requireAccount(call);
  return jsonText(await onSync(call, accountId, await readJson(call.request, SyncRequest, MAX_SYNC_BYTES)));
});
