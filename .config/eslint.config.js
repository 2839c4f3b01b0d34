// ESLint's flat config. It lives in .config/ so the top level keeps only the project's own
// names; `npm run lint` points ESLint at it.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { roomsPlugin } from "./rooms.js";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "extension/.output/**",
      "extension/.wxt/**",
      ".astro/**",
      "test-results/**",
      "node_modules/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // TypeScript itself reports undefined names, with the right globals per context.
      "no-undef": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Extension code uses browser.* through webextension-polyfill, never chrome.*.
      "no-restricted-globals": ["error", { name: "chrome", message: "Use browser.* from wxt/browser." }],
    },
  },
  {
    // Each folder imports only the rooms it may (./rooms.js, docs/architecture.md).
    files: ["shared/**/*.ts", "extension/**/*.ts", "site/**/*.ts", "site/**/*.tsx"],
    plugins: { rooms: roomsPlugin },
    rules: { "rooms/imports": "error" },
  },
  {
    // The server's handlers await the Store's promises: one forgotten await would answer before
    // a write commits, or let a request through before its session was checked.
    files: ["site/server/**/*.ts", "site/pages/api/**/*.ts", "site/middleware.ts"],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
    },
  },
  {
    files: ["tests/**"],
    rules: { "no-restricted-globals": "off" },
  },
);
