import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["tests/unit/**/*.test.ts", "{shared,site,extension}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "dist/**", "extension/.output/**"],
    // Federation tests wait for the queue (up to 10 s, `settled`); with the whole suite running
    // on two cores, one can pass vitest's default 5 s without anything being wrong.
    testTimeout: 20_000,
  },
});
