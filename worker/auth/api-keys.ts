/**
 * API key text (R25): `lam_` + 32 random bytes in base64url. Only its SHA-256 is stored. A
 * fast hash is right here, unlike for passwords: the secret has 256 bits of entropy, so there
 * is no dictionary to slow down and a guess costs 2^255 tries on average whatever the hash
 * speed; a slow KDF would only add latency to every API request (and workerd caps PBKDF2).
 */
import { randomToken, sha256Hex } from './crypto.ts';

export const API_KEY_PREFIX = 'lam_';
const KEY_RE = /^lam_[A-Za-z0-9_-]{43}$/;

/** A fresh key and the hash to store. The key is shown once and never stored. */
export async function generateApiKey(): Promise<{ key: string; hash: string }> {
  const key = API_KEY_PREFIX + randomToken(32);
  return { key, hash: await hashApiKey(key) };
}

export function hashApiKey(key: string): Promise<string> {
  return sha256Hex(key);
}

/** Cheap shape test, so garbage bearer tokens cost no database round trip. */
export function looksLikeApiKey(text: string): boolean {
  return KEY_RE.test(text);
}
