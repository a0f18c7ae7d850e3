/**
 * The `ipaddress` CEL type OpenFGA conditions use (`user_ip.in_cidr("10.0.0.0/8")`).
 * Addresses are held as a 128-bit BigInt (IPv4 mapped into its own family flag) so one
 * comparison covers both families.
 */
export class IPAddress {
  constructor(
    readonly family: 4 | 6,
    readonly value: bigint,
    readonly text: string,
  ) {}

  /** Parses an IPv4 or IPv6 address; undefined when malformed. */
  static parse(text: string): IPAddress | undefined {
    if (text.includes(':')) {
      const v = parseV6(text);
      return v === undefined ? undefined : new IPAddress(6, v, text);
    }
    const v = parseV4(text);
    return v === undefined ? undefined : new IPAddress(4, v, text);
  }

  /** True when this address lies inside `cidr`; a malformed CIDR throws (a condition error). */
  inCidr(cidr: string): boolean {
    // Go's netip.ParsePrefix, as OpenFGA: the `/bits` is required.
    const slash = cidr.indexOf('/');
    const base = slash < 0 ? undefined : IPAddress.parse(cidr.slice(0, slash));
    const bits = base?.family === 4 ? 32 : 128;
    const digits = cidr.slice(slash + 1);
    const prefix = /^(0|[1-9]\d{0,2})$/.test(digits) ? Number(digits) : -1;
    if (!base || prefix < 0 || prefix > bits) throw new Error(`'${cidr}' is a malformed CIDR string`);
    if (base.family !== this.family) return false;
    const shift = BigInt(bits - prefix);
    return this.value >> shift === base.value >> shift;
  }

  toString(): string {
    return this.text;
  }
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined; // netip: no leading zeros
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

function parseV6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return undefined;
  let v = 0n;
  for (const g of [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...tail]) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  return v;
}
