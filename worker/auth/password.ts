import { constantTimeEqual, fromBase64Url, toBase64Url } from './crypto.ts';

/**
 * Password hashing: PBKDF2-HMAC-SHA-256 through WebCrypto, 16-byte random salt, 32-byte key.
 *
 * Why 100,000 iterations and not OWASP's 600,000: workerd refuses PBKDF2 above 100,000
 * iterations (cloudflare/workerd#1346), and WASM KDFs (argon2, scrypt) cannot be compiled at
 * run time in a Worker. The count is stored in each hash, so it can be raised the day the
 * runtime allows it; lockout after N failures (R5) and per-account rate limits carry the rest.
 * Measured cost: see README "Security".
 */
export const PBKDF2_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const KEY_BITS = 256;
const SCHEME = 'pbkdf2-sha256';

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, KEY_BITS);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations);
  return `${SCHEME}$${iterations}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

/** A well-formed hash of no password, so unknown accounts cost the same time as known ones. */
const DECOY_HASH = `${SCHEME}$${PBKDF2_ITERATIONS}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;

/** True when `password` matches `stored`; a missing or malformed hash never matches. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = (stored ?? DECOY_HASH).split('$');
  const iterations = Number(parts[1]);
  const valid =
    parts.length === 4 &&
    parts[0] === SCHEME &&
    Number.isInteger(iterations) &&
    iterations >= 1 &&
    iterations <= PBKDF2_ITERATIONS;
  const [salt, expected] = valid
    ? [fromBase64Url(parts[2]!), fromBase64Url(parts[3]!)]
    : [new Uint8Array(SALT_BYTES), new Uint8Array(32)];
  const actual = await derive(password, salt, valid ? iterations : PBKDF2_ITERATIONS);
  return constantTimeEqual(actual, expected) && valid && stored !== null;
}
