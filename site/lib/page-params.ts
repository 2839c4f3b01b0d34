/** The handle of a profile page: `/@alice` (rewritten to the shell) or `/profile/?handle=alice`. */
export function handleFromLocation(loc: { pathname: string; search: string }): string | null {
  const match = /^\/@([A-Za-z0-9._]{1,30})\/?$/.exec(decodeURIComponent(loc.pathname));
  const handle = match?.[1] ?? new URLSearchParams(loc.search).get("handle");
  return handle && /^[A-Za-z0-9._]{1,30}$/.test(handle) ? handle.toLowerCase() : null;
}

export function postIdFromLocation(loc: { search: string }): string | null {
  return new URLSearchParams(loc.search).get("id");
}
