import path from "node:path";

/** The server's configuration, read from the environment once at start-up. */
export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  /** Origin under which accounts and posts get their stable URLs (future ActivityPub ids). */
  publicUrl: string;
  /** Origins whose pages may call the API from a browser (CORS). */
  siteOrigins: string[];
}

/** A bad setting: the message names it, so start-up can stop with one clear line. */
export class ConfigError extends Error {
  readonly setting: string;
  constructor(setting: string, message: string) {
    super(`${setting}: ${message}`);
    this.name = "ConfigError";
    this.setting = setting;
  }
}

type Env = Record<string, string | undefined>;

export function readConfig(env: Env = process.env, cwd = process.cwd()): ServerConfig {
  const host = readHost(env);
  const port = readPort(env);
  const dataDir = path.resolve(cwd, nonEmpty(env, "P92_DATA_DIR") ?? "data");
  const publicUrl = readOrigin(env, "P92_PUBLIC_URL") ?? `http://localhost:${port}`;
  const siteOrigins = readOrigins(env, "P92_SITE_ORIGINS") ?? [publicUrl];
  return { host, port, dataDir, publicUrl, siteOrigins };
}

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function readHost(env: Env): string {
  const host = nonEmpty(env, "HOST") ?? "localhost";
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) {
    throw new ConfigError("HOST", `"${host}" is not a host name or IP address`);
  }
  return host;
}

function readPort(env: Env): number {
  const raw = nonEmpty(env, "PORT") ?? "4321";
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    throw new ConfigError("PORT", `"${raw}" is not a port number (1-65535)`);
  }
  return port;
}

function parseOrigin(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `"${raw}" is not a URL (expected e.g. https://p92.example)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(name, `"${raw}" must start with http:// or https://`);
  }
  return url.origin;
}

function readOrigin(env: Env, name: string): string | undefined {
  const raw = nonEmpty(env, name);
  return raw === undefined ? undefined : parseOrigin(name, raw);
}

function readOrigins(env: Env, name: string): string[] | undefined {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return undefined;
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => parseOrigin(name, s));
}
