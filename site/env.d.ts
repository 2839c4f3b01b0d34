/// <reference types="astro/client" />

declare namespace App {
  /** What site/server/serve.ts hands every request it passes to Astro. */
  interface Locals {
    runtime: import("./server/runtime.ts").Runtime;
    /** The client's address for rate limits (after P92_TRUSTED_PROXIES). */
    clientAddress: string;
  }
}
