import { readHandle, readRemoteHandle } from "../../shared/input-rules.ts";

/**
 * The handle of a profile page: `/@alice` or `/@bob@host.example` (rewritten to the shell), or
 * `/profile/?handle=alice`. Someone on another server is named `user@host`.
 */
export function handleFromLocation(loc: { pathname: string; search: string }): string | null {
  let path: string;
  try {
    path = decodeURIComponent(loc.pathname);
  } catch {
    return null;
  }
  const raw = /^\/@([^/]+)\/?$/.exec(path)?.[1] ?? new URLSearchParams(loc.search).get("handle");
  return readHandle(raw) ?? readRemoteHandle(raw);
}

export function postIdFromLocation(loc: { search: string }): string | null {
  return new URLSearchParams(loc.search).get("id");
}

/** The list a profile page shows instead of the posts (`?list=followers` or `following`), if any. */
export function followListFromLocation(loc: { search: string }): "followers" | "following" | null {
  const list = new URLSearchParams(loc.search).get("list");
  return list === "followers" || list === "following" ? list : null;
}
