/**
 * How long after posting its author may edit a post's text (the server's default; a server may
 * set another with P92_POST_EDIT_WINDOW_SECONDS, and its answer is what counts).
 */
export const POST_EDIT_WINDOW_SECONDS = 15 * 60;

/** Whether a post made at `createdAt` may still be edited at `now`, by the default window. */
export function withinEditWindow(createdAt: string, now = Date.now()): boolean {
  return now - Date.parse(createdAt) < POST_EDIT_WINDOW_SECONDS * 1000;
}
