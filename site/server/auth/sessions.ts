import { hash, randomBytes } from "node:crypto";
import type { Store } from "../storage/store.ts";

/** A fresh bearer token; the server keeps only its SHA-256, so a stolen database holds no token. */
export function newToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): Buffer {
  return hash("sha256", token, "buffer");
}

export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header ? /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header.trim()) : null;
  return match?.[1] ?? null;
}

export async function authenticate(store: Store, request: Request): Promise<number | null> {
  const token = bearerToken(request);
  return token ? store.findSessionAccount(hashToken(token)) : null;
}
