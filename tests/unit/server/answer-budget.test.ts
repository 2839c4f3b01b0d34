import { expect, test } from "vitest";
import { fitItems } from "../../../site/server/http/answer-budget.ts";

test("takes the items whose JSON fits the budget in UTF-8 bytes, and always at least one", () => {
  const wide = "語".repeat(100); // 300 bytes in UTF-8, 102 as JSON text
  const items = Array.from({ length: 10 }, () => wide);
  const fitted = fitItems(items, 1000);
  expect(fitted).toHaveLength(3);
  expect(fitted.reduce((sum, text) => sum + Buffer.byteLength(text) + 1, 0)).toBeLessThanOrEqual(1000);
  expect(fitItems(items, 10)).toHaveLength(1);
  expect(fitItems(["a", "b"], 1000)).toEqual(['"a"', '"b"']);
});
