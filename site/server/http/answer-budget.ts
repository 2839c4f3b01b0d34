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
  // Bytes so far, counted from above (3 UTF-8 bytes at most per UTF-16 code unit, and a comma)
  // while that stays within the budget, as it does for any ordinary page; exactly after that.
  let used = 0;
  let exact = false;
  for (const item of items) {
    const text = toJson(item);
    if (!exact && used + text.length * 3 + 1 > budget) {
      used = fitted.reduce((sum, each) => sum + Buffer.byteLength(each) + 1, 0);
      exact = true;
    }
    const size = exact ? Buffer.byteLength(text) + 1 : text.length * 3 + 1;
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
