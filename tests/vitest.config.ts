import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["tests/unit/**/*.test.ts", "{shared,site,extension}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "dist/**", "extension/.output/**"],
  },
});
