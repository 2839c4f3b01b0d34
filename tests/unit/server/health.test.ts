import type { APIContext } from "astro";
import { expect, test, vi } from "vitest";
import { GET } from "../../../site/pages/api/health.ts";

test("a failing database answers 503 without echoing the database's error text", async () => {
  const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
  const failing = {
    locals: {
      runtime: {
        store: { health: () => Promise.reject(new Error("SQLITE_CORRUPT at /var/lib/p92/secret")) },
      },
    },
  } as unknown as APIContext;
  const response = await GET(failing);
  expect(response.status).toBe(503);
  const text = await response.text();
  expect(text).not.toContain("SQLITE_CORRUPT");
  expect(text).not.toContain("/var/lib");
  expect(JSON.parse(text)).toMatchObject({ status: "error", database: { status: "error" } });
  expect(error).toHaveBeenCalled();
  error.mockRestore();
});
