import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../../site/server/config.ts";

describe("server configuration", () => {
  it("defaults to localhost:4321 with data in ./data", () => {
    expect(readConfig({}, "/srv/p92")).toEqual({
      host: "localhost",
      port: 4321,
      dataDir: "/srv/p92/data",
      publicUrl: "http://localhost:4321",
      siteOrigins: ["http://localhost:4321"],
    });
  });

  it("names PORT when it is not a port number", () => {
    expect(() => readConfig({ PORT: "80a" })).toThrow(
      new ConfigError("PORT", '"80a" is not a port number (1-65535)'),
    );
    expect(() => readConfig({ PORT: "70000" })).toThrow(/^PORT: /);
  });

  it("names P92_PUBLIC_URL when it is not an http(s) URL", () => {
    expect(() => readConfig({ P92_PUBLIC_URL: "ftp://x" })).toThrow(/^P92_PUBLIC_URL: /);
  });

  it("reads a comma-separated list of site origins", () => {
    const config = readConfig({ P92_SITE_ORIGINS: "https://a.example/, http://localhost:3000" });
    expect(config.siteOrigins).toEqual(["https://a.example", "http://localhost:3000"]);
  });
});
