/**
 * No answer may grow without bound: a page of posts, a thread or a sync page stops adding items
 * when its JSON reaches this many bytes, and says there is more (`next`, `more: true`). Posts are
 * bounded by size too (shared/post-length.ts), so even a page of the longest posts holds dozens;
 * the budget is what keeps one answer, and the memory of building it, small whatever is stored.
 */
export const ANSWER_BUDGET_BYTES = 2 * 1024 * 1024;

/**
 * The JSON of the first items that fit in `budget` bytes, each serialized once. At least one item
 * is taken whatever its size, so a page always moves forward.
 */
export function fitItems<T>(
  items: readonly T[],
  budget: number,
  toJson: (item: T) => string = (item) => JSON.stringify(item),
): string[] {
  const fitted: string[] = [];
  let used = 0;
  for (const item of items) {
    const text = toJson(item);
    // A comma between items; UTF-8 bytes, as the answer is sent.
    const size = Buffer.byteLength(text) + 1;
    if (fitted.length > 0 && used + size > budget) break;
    fitted.push(text);
    used += size;
  }
  return fitted;
}

/** A JSON answer whose body is already serialized. */
export function jsonText(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers },
  });
}
