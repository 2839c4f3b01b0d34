import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../../../site/server/config.ts";
import { outDir } from "../../../site/server/serve.ts";
import {
  buildTargets,
  commonOrigin,
  extensionSiteOrigin,
  isStale,
  manifestSiteOrigin,
} from "../../../site/server/start-build.ts";

describe("the site the extension built by npm start trusts", () => {
  it("is the server's public URL when P92_SITE_URL is unset", () => {
    const env = { PORT: "8080" };
    expect(extensionSiteOrigin(env, readConfig(env).publicUrl)).toBe("http://localhost:8080");
    const behindProxy = { P92_PUBLIC_URL: "https://p92.example/" };
    expect(extensionSiteOrigin(behindProxy, readConfig(behindProxy).publicUrl)).toBe("https://p92.example");
    expect(extensionSiteOrigin({ P92_SITE_URL: "  " }, "http://localhost:4321")).toBe(
      "http://localhost:4321",
    );
  });

  it("is P92_SITE_URL's origin when set", () => {
    expect(
      extensionSiteOrigin({ P92_SITE_URL: "https://site.example/onboarding" }, "http://localhost:4321"),
    ).toBe("https://site.example");
  });

  it("refuses a P92_SITE_URL that is not an http(s) URL, naming the setting", () => {
    expect(() => extensionSiteOrigin({ P92_SITE_URL: "not a url" }, "http://localhost:4321")).toThrow(
      ConfigError,
    );
    expect(() => extensionSiteOrigin({ P92_SITE_URL: "ftp://p92.example" }, "http://x")).toThrow(
      /P92_SITE_URL/,
    );
  });
});

describe("what an unpacked extension was built for", () => {
  it("is read from the manifest's homepage_url, with its port, which Firefox's patterns lack", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-manifest-"));
    const write = (name: string, manifest: unknown) => {
      fs.writeFileSync(path.join(dir, name), JSON.stringify(manifest));
      return path.join(dir, name);
    };
    const firefox = write("firefox.json", {
      homepage_url: "http://localhost:4400/",
      content_scripts: [{ matches: ["http://localhost/*"], js: ["content-scripts/bridge.js"] }],
    });
    expect(manifestSiteOrigin(firefox)).toBe("http://localhost:4400");
    expect(manifestSiteOrigin(write("none.json", { content_scripts: [] }))).toBeNull();
    expect(manifestSiteOrigin(write("bad.json", { homepage_url: "not a url" }))).toBeNull();
    expect(manifestSiteOrigin(path.join(dir, "missing.json"))).toBeNull();
    fs.rmSync(dir, { recursive: true });
  });
});

describe("when npm start rebuilds", () => {
  it("rebuilds a missing output, or one older than a source", () => {
    expect(isStale({ builtAt: 0, newestInput: 0 })).toBe(true);
    expect(isStale({ builtAt: 100, newestInput: 200 })).toBe(true);
    expect(isStale({ builtAt: 200, newestInput: 100 })).toBe(false);
  });

  it("rebuilds the extension when it was built for another site origin, or for one not recorded", () => {
    const fresh = { builtAt: 200, newestInput: 100 };
    expect(isStale({ ...fresh, builtFor: "http://localhost:4321", wantedFor: "http://localhost:4321" })).toBe(
      false,
    );
    expect(isStale({ ...fresh, builtFor: "http://localhost:4321", wantedFor: "http://localhost:8080" })).toBe(
      true,
    );
    expect(
      isStale({ ...fresh, builtFor: "http://localhost:4321", wantedFor: "https://localhost:4321" }),
    ).toBe(true);
    expect(isStale({ ...fresh, builtFor: null, wantedFor: "http://localhost:4321" })).toBe(true);
  });

  it("counts the extension as built for an origin only when the packages and both unpacked builds agree", () => {
    const a = "http://localhost:4321";
    expect(commonOrigin([a, a, a])).toBe(a);
    // `npm run build:firefox` alone rebuilt the unpacked Firefox extension for the default origin.
    expect(commonOrigin([a, a, "http://localhost:8080"])).toBeNull();
    expect(commonOrigin([a, null, a])).toBeNull();
    expect(commonOrigin([null, null, null])).toBeNull();
  });

  it("builds and serves the site from P92_OUT_DIR, as serve.ts does, when it is set", () => {
    const saved = process.env.P92_OUT_DIR;
    try {
      process.env.P92_OUT_DIR = "/tmp/p92-elsewhere";
      expect(outDir()).toBe("/tmp/p92-elsewhere");
      const [site] = buildTargets("http://localhost:4321", outDir());
      expect(site?.output).toBe("/tmp/p92-elsewhere/server/entry.mjs");
      delete process.env.P92_OUT_DIR;
      expect(outDir()).toMatch(/\/dist$/);
    } finally {
      if (saved === undefined) delete process.env.P92_OUT_DIR;
      else process.env.P92_OUT_DIR = saved;
    }
  });
});
