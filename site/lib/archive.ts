import { ApiFailure } from "../../shared/api-failure.ts";
import type { Session } from "./settings.ts";

/**
 * Downloads the person's archive (GET /api/me/archive: one ZIP, shared/archive.ts) and saves it
 * under `p92-<handle>-<date>.zip`. Fails with an ApiFailure (status 0 offline) and saves nothing.
 */
export async function downloadArchive(me: Session): Promise<void> {
  let response: Response;
  try {
    response = await fetch(new URL("/api/me/archive", me.serverUrl), {
      headers: { authorization: `Bearer ${me.token}` },
    });
  } catch (error) {
    throw new ApiFailure(0, "network", (error as Error).message || "network error");
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    throw new ApiFailure(
      response.status,
      body?.error?.code ?? `http-${response.status}`,
      body?.error?.message ?? `${response.status} ${response.statusText}`,
    );
  }
  let blob: Blob;
  try {
    blob = await response.blob();
  } catch (error) {
    // The connection went while the archive was coming: nothing whole to save.
    throw new ApiFailure(0, "network", (error as Error).message || "network error");
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `p92-${me.handle}-${new Date().toISOString().slice(0, 10)}.zip`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}
