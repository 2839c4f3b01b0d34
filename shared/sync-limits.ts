/**
 * The sync protocol's bounds (shared/sync.ts). They live apart from its Valibot schemas so the
 * site's pages can read them without shipping the schemas: every page runs the sync client, and
 * building the schemas at load costs the feed page a few kilobytes for nothing it checks.
 */
export const MAX_OPS_PER_SYNC = 100;
export const MAX_CHANGES_PER_PAGE = 500;
export const MAX_KNOWN_POSTS = 1000;
