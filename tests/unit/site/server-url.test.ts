import "fake-indexeddb/auto";
import { expect, test } from "vitest";
import { normalizeServerUrl } from "../../../site/lib/account.ts";

test("a server is https anywhere, or plain http on this computer only, as the pages' CSP allows", () => {
  expect(normalizeServerUrl(" https://p92.example/feed ")).toBe("https://p92.example");
  expect(normalizeServerUrl("http://localhost:4321/")).toBe("http://localhost:4321");
  expect(normalizeServerUrl("http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080");
  for (const refused of ["http://192.168.1.5:4321", "http://p92.example", "ftp://p92.example", "not a url"]) {
    expect(() => normalizeServerUrl(refused), refused).toThrow();
  }
});
