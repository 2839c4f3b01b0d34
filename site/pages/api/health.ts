import type { APIRoute } from "astro";
import { runtimeOf } from "../../server/http/endpoint.ts";
import { droppedDeliveries } from "../../server/federation/delivery-policy.ts";
import { SERVER_VERSION } from "../../server/version.ts";

export const prerender = false;

/**
 * GET /api/health: the server's version, whether its database answers, and how federation's queue
 * fares (tasks not done yet, deliveries given up). A failure is logged here and answered without
 * its text, which could tell a stranger about the server's insides.
 */
export const GET: APIRoute = async (context) => {
  try {
    const runtime = runtimeOf(context);
    const { schemaVersion } = await runtime.store.health();
    const { queue, kv } = runtime.federationStorage;
    const federation = { queued: await queue.unfinished(), droppedDeliveries: await droppedDeliveries(kv) };
    return Response.json(
      { status: "ok", version: SERVER_VERSION, database: { status: "ok", schemaVersion }, federation },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    console.error("health check:", error);
    return Response.json(
      { status: "error", version: SERVER_VERSION, database: { status: "error" } },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
};
