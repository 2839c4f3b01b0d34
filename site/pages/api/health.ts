import type { APIRoute } from "astro";
import { runtimeOf } from "../../server/http/endpoint.ts";
import { SERVER_VERSION } from "../../server/version.ts";

export const prerender = false;

/**
 * GET /api/health: the server's version and whether its database answers. A failure is logged
 * here and answered without its text, which could tell a stranger about the server's insides.
 */
export const GET: APIRoute = async (context) => {
  try {
    const { schemaVersion } = await runtimeOf(context).store.health();
    return Response.json(
      { status: "ok", version: SERVER_VERSION, database: { status: "ok", schemaVersion } },
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
