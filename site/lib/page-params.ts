import { HANDLE_CHARACTERS, readHandle } from "../../shared/schema/common.ts";

const PROFILE_PATH = new RegExp(`^/@(${HANDLE_CHARACTERS})/?$`);

/** The handle of a profile page: `/@alice` (rewritten to the shell) or `/profile/?handle=alice`. */
export function handleFromLocation(loc: { pathname: string; search: string }): string | null {
  const match = PROFILE_PATH.exec(decodeURIComponent(loc.pathname));
  return readHandle(match?.[1] ?? new URLSearchParams(loc.search).get("handle"));
}

export function postIdFromLocation(loc: { search: string }): string | null {
  return new URLSearchParams(loc.search).get("id");
}
