/**
 * ULIDs (26 Crockford base32 characters: 48 bits of milliseconds, 80 random bits) for stores
 * and authorization models. OpenFGA's SDKs reject store ids that are not ULIDs, and models are
 * ordered by id, so ids must sort by creation time: within one millisecond the random part is
 * incremented (monotonic ULIDs), so two models written in the same millisecond still sort.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ULID_RE = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

let lastTime = -1;
let lastRandom: number[] = [];

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

/** Sixteen base32 digits of randomness, or the previous ones plus one in the same millisecond. */
function randomDigits(ms: number): number[] {
  if (ms === lastTime) {
    const next = [...lastRandom];
    for (let i = next.length - 1; i >= 0; i--) {
      if (next[i]! < 31) {
        next[i]!++;
        return next;
      }
      next[i] = 0;
    }
  }
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b % 32);
}

/**
 * A new ULID for `now` (epoch ms).
 * @example ulid(Date.now()) // '01JD3Z8K4N6R2T7V9W0XAYBC5D'
 */
export function ulid(now: number): string {
  const ms = Math.max(now, lastTime);
  lastRandom = randomDigits(ms);
  lastTime = ms;
  return encodeTime(ms) + lastRandom.map((d) => ALPHABET[d]).join('');
}

export function isUlid(text: string): boolean {
  return ULID_RE.test(text);
}
