import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

const KEY_LENGTH = 64;
// OWASP's scrypt minimum (N=2^17, r=8, p=1) costs ~128 MB per hash; N=2^15 keeps sign-in under
// ~100 ms on a small server while staying far beyond offline guessing at scale.
const OPTIONS: ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, OPTIONS, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<{ hash: Buffer; salt: Buffer }> {
  const salt = randomBytes(16);
  return { hash: await derive(password, salt), salt };
}

export async function verifyPassword(password: string, hash: Buffer, salt: Buffer): Promise<boolean> {
  const candidate = await derive(password, salt);
  return candidate.length === hash.length && timingSafeEqual(candidate, hash);
}

/** Spends the same time as a real check, so an unknown handle cannot be told apart by timing. */
export async function verifyAgainstNothing(password: string): Promise<false> {
  await derive(password, Buffer.alloc(16));
  return false;
}
