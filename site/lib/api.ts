import { ApiFailure } from "../../shared/api-failure.ts";

/** Calls a JSON endpoint of the server; a network failure throws ApiFailure with status 0. */
export async function callApi<T>(
  serverUrl: string,
  path: string,
  options: { method?: string; token?: string | null; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(new URL(path, serverUrl), {
      method: options.method ?? (options.body === undefined ? "GET" : "POST"),
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    throw new ApiFailure(0, "network", (error as Error).message || "network error");
  }
  const data = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string; field?: string };
  } | null;
  if (!response.ok) {
    const error = data?.error;
    throw new ApiFailure(
      response.status,
      error?.code ?? `http-${response.status}`,
      error?.message ?? `${response.status} ${response.statusText}`,
      error?.field,
      Object.fromEntries(response.headers),
    );
  }
  return data as T;
}
