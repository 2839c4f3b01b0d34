import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Tests whose subject is the Store (directly, or through the operations and routes over it): they
 * run a second time against PostgreSQL.
 */
const STORE_TESTS = [
  "tests/unit/server/store.test.ts",
  "tests/unit/graph/store.test.ts",
  "tests/unit/server/search.test.ts",
  "tests/unit/server/operations.test.ts",
  "tests/unit/server/rate-limit.test.ts",
  "tests/unit/server/postgres-*.test.ts",
  "tests/unit/server/federation/federation-storage.test.ts",
  "tests/unit/server/federation/delivery.test.ts",
  "tests/unit/server/federation/inbox.test.ts",
  "tests/unit/server/federation/suspensions.test.ts",
  "tests/unit/server/federation/account-deletion.test.ts",
  "tests/unit/server/db-copy.test.ts",
];

export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    exclude: ["**/node_modules/**", "dist/**", "extension/.output/**"],
    // Federation tests wait for the queue (up to 10 s, `settled`); with the whole suite running
    // on two cores, one can pass vitest's default 5 s without anything being wrong.
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: "sqlite",
          include: ["tests/unit/**/*.test.ts", "{shared,site,extension}/**/*.test.ts"],
          exclude: [
            "**/node_modules/**",
            "dist/**",
            "extension/.output/**",
            // PostgreSQL only (several processes sharing one database).
            "tests/unit/server/postgres-*.test.ts",
          ],
        },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: STORE_TESTS,
          env: { P92_TEST_STORE: "postgres" },
          globalSetup: ["tests/support/postgres-global-setup.ts"],
        },
      },
    ],
  },
});
