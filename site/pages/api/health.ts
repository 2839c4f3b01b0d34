import type { APIRoute } from "astro";
import { getRuntime, SERVER_VERSION } from "../../server/runtime.ts";

export const prerender = false;

/** GET /api/health: the server's version and whether its database answers. */
export const GET: APIRoute = async () => {
  try {
    const { schemaVersion } = await getRuntime().store.health();
    return Response.json({
      status: "ok",
      version: SERVER_VERSION,
      database: { status: "ok", schemaVersion },
    });
  } catch (error) {
    return Response.json(
      {
        status: "error",
        version: SERVER_VERSION,
        database: { status: "error", message: error instanceof Error ? error.message : String(error) },
      },
      { status: 503 },
    );
  }
};
