/**
 * Conditions: CEL expressions with typed parameters, evaluated by @marcbachmann/cel-js, which
 * interprets its AST (no eval / new Function, so it runs inside workerd). Each condition is
 * compiled once per model; evaluation merges the tuple's context over the request's
 * (OpenFGA: the stored tuple's values win) and requires every declared parameter.
 *
 * OpenFGA type-checks and evaluates with cel-go; what cel-js does differently is bridged here
 * (docs/engine.md, "CEL: as cel-go"): `uint` parameters are CEL uints, `duration`, `timestamp`
 * and `ipaddress` compare with `null` (cel-go's nullable kinds), `int(uint)` and
 * `int(timestamp)` exist, `ipaddress("…")` builds an address, comparisons across int, uint and
 * double are refused (OpenFGA does not enable cel-go's cross-type numeric comparisons), and
 * context values are converted as OpenFGA converts them (`internal/condition/types`).
 */
import { Environment, evaluate } from '@marcbachmann/cel-js';
import type { AuthorizationModel, Condition, ConditionParamType, Context } from './types.ts';
import { IPAddress } from './ipaddress.ts';

export type ConditionOutcome = { met: boolean; error?: string };

type Param = { name: string; type: ConditionParamType };
export type CompiledCondition = {
  name: string;
  params: Param[];
  run: (vars: Record<string, unknown>) => unknown;
};

const GPD = 'google.protobuf.Duration';
const GPT = 'google.protobuf.Timestamp';

const celType = (t: ConditionParamType): string => {
  const g = t.generic_types?.[0];
  switch (t.type_name) {
    case 'TYPE_NAME_INT':
      return 'int';
    case 'TYPE_NAME_UINT':
      return 'uint';
    case 'TYPE_NAME_DOUBLE':
      return 'double';
    case 'TYPE_NAME_BOOL':
      return 'bool';
    case 'TYPE_NAME_STRING':
      return 'string';
    case 'TYPE_NAME_TIMESTAMP':
      return GPT;
    case 'TYPE_NAME_DURATION':
      return GPD;
    case 'TYPE_NAME_IPADDRESS':
      return 'ipaddress';
    case 'TYPE_NAME_LIST':
      return g ? `list<${celType(g)}>` : 'list';
    case 'TYPE_NAME_MAP':
      return g ? `map<string, ${celType(g)}>` : 'map';
    default:
      // `any` is google.protobuf.Any, which cel-go's checker treats as dyn.
      return 'dyn';
  }
};

const sameIp = (a: IPAddress, b: IPAddress) => a.family === b.family && a.value === b.value;
const MAX_INT = 9223372036854775807n;
const MIN_INT = -9223372036854775808n;

function environment(params: Param[]): Environment {
  const env = new Environment({ homogeneousAggregateLiterals: false })
    .registerType('ipaddress', IPAddress)
    .registerFunction('ipaddress.in_cidr(string): bool', (ip: IPAddress, cidr: string) => ip.inCidr(cidr))
    .registerFunction('ipaddress(string): ipaddress', (s: string) => {
      const ip = IPAddress.parse(s);
      if (!ip) throw new Error(`ParseAddr(${JSON.stringify(s)}): not a valid IP address`);
      return ip;
    })
    // cel-go: uint64_to_int64 (range-checked) and timestamp_to_int64 (Unix seconds).
    .registerFunction('int(uint): int', (u: { valueOf(): bigint }) => {
      const v = u.valueOf();
      if (v > MAX_INT) throw new Error('integer overflow');
      return v;
    })
    .registerFunction(`int(${GPT}): int`, (d: Date) => BigInt(Math.floor(d.getTime() / 1000)))
    // cel-go: duration_to_string, the seconds as FormatFloat(…, 'f', -1) and "s".
    .registerFunction(`string(${GPD}): string`, (d: { seconds: bigint; nanos: number }) => {
      const ns = d.seconds * 1_000_000_000n + BigInt(d.nanos);
      const abs = ns < 0n ? -ns : ns;
      const frac = String(abs % 1_000_000_000n)
        .padStart(9, '0')
        .replace(/0+$/, '');
      return `${ns < 0n ? '-' : ''}${abs / 1_000_000_000n}${frac ? `.${frac}` : ''}s`;
    })
    // cel-go's checker lets null meet the nullable kinds: message (IPAddress), Any, Duration, Timestamp.
    .registerOperator('ipaddress == ipaddress', sameIp)
    .registerOperator('ipaddress == null', () => false)
    .registerOperator(`${GPD} == null`, () => false)
    .registerOperator(`${GPT} == null`, () => false);
  for (const p of params) env.registerVariable(p.name, celType(p.type));
  return env;
}

const NUMERIC = new Set(['int', 'uint', 'double']);
const ORDERING: Record<string, string> = { '<': '_<_', '<=': '_<=_', '>': '_>_', '>=': '_>=_' };

/**
 * cel-js always allows `<`, `<=`, `>`, `>=` across int, uint and double; cel-go only with
 * CrossTypeNumericComparisons, which OpenFGA leaves off. Finds the first such comparison in a
 * checked AST (operands typed dyn stay allowed, as in cel-go).
 */
function crossTypeComparison(node: unknown): string | undefined {
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = crossTypeComparison(n);
      if (found) return found;
    }
    return undefined;
  }
  if (!node || typeof node !== 'object' || !('op' in node)) return undefined;
  const n = node as { op: string; args: unknown };
  const fn = ORDERING[n.op];
  if (fn && Array.isArray(n.args)) {
    const [l, r] = n.args as { checkedType?: { name?: string } }[];
    const lt = l?.checkedType?.name;
    const rt = r?.checkedType?.name;
    if (lt && rt && lt !== rt && NUMERIC.has(lt) && NUMERIC.has(rt))
      return `found no matching overload for '${fn}' applied to '(${lt}, ${rt})'`;
  }
  return crossTypeComparison(n.args);
}

type Node = { op: string; args: unknown; meta?: { evaluate?: Evaluate; alternate?: unknown } };
type Evaluate = (ev: unknown, ast: unknown, ctx: unknown) => unknown;

const isNode = (n: unknown): n is Node => !!n && typeof n === 'object' && 'op' in n;
function eachChild(node: Node, visit: (child: Node) => void): void {
  const walk = (a: unknown): void => {
    if (Array.isArray(a)) a.forEach(walk);
    else if (isNode(a)) visit(a);
  };
  walk(node.args);
}

/** cel-go refuses an int literal beyond int64 (but `-9223372036854775808` is one literal). */
function outOfRangeLiteral(node: unknown, parent: Node | undefined): string | undefined {
  if (!isNode(node)) return undefined;
  if (node.op === 'value' && typeof node.args === 'bigint' && (node.args > MAX_INT || node.args < MIN_INT)) {
    if (!(parent?.op === '-_' && node.args === MAX_INT + 1n)) return `invalid int literal \`${node.args}\``;
  }
  let found: string | undefined;
  eachChild(node, (child) => {
    found ??= outOfRangeLiteral(child, node);
  });
  return found;
}

const MIN_UNIX_MS = -62135596800000; // 0001-01-01T00:00:00Z
const MAX_UNIX_MS = 253402300799999; // 9999-12-31T23:59:59.999Z
const DurationValue = (evaluate('duration("1s")') as object).constructor;

/**
 * cel-go checks every int, timestamp and duration it computes (overflow.go); cel-js checks
 * `+ - *` on ints but not negation, `/`, `int(double)`, or the range of timestamps and
 * durations. Each arithmetic node and call is wrapped to refuse a result out of range.
 */
function guard(v: unknown): unknown {
  if (typeof v === 'bigint') {
    if (v > MAX_INT || v < MIN_INT) throw new Error('integer overflow');
  } else if (v instanceof Date) {
    const t = v.getTime();
    if (!(t >= MIN_UNIX_MS && t <= MAX_UNIX_MS)) throw new Error('timestamp overflow');
  } else if (v instanceof DurationValue) {
    const d = v as unknown as { seconds: bigint; nanos: number };
    const ns = d.seconds * 1_000_000_000n + BigInt(d.nanos);
    if (ns > MAX_INT || ns < MIN_INT) throw new Error('duration overflow');
  }
  return v;
}
const GUARDED = new Set(['-_', '+', '-', '*', '/', 'call', 'rcall']);
function guardRanges(node: unknown): void {
  if (!isNode(node)) return;
  const meta = node.meta;
  if (GUARDED.has(node.op) && meta?.evaluate && !meta.alternate) {
    const inner = meta.evaluate;
    meta.evaluate = (ev, ast, ctx) => {
      const v = inner(ev, ast, ctx);
      return v instanceof Promise ? v : guard(v);
    };
  }
  // `duration("…")` and `timestamp("…")` parse as cel-go does (Go's time.ParseDuration, RFC 3339):
  // the string is checked, and handed to cel-js in a form it reads the same way.
  const fn = Array.isArray(node.args) ? node.args[0] : undefined;
  const arg = Array.isArray(node.args) && Array.isArray(node.args[1]) ? (node.args[1] as Node[]) : [];
  if (node.op === 'call' && (fn === 'duration' || fn === 'timestamp') && arg.length === 1 && arg[0]?.meta?.evaluate) {
    const evaluateArg = arg[0].meta.evaluate;
    const normalise = fn === 'duration' ? goDurationText : rfc3339Text;
    arg[0].meta.evaluate = (ev, ast, ctx) => {
      const v = evaluateArg(ev, ast, ctx);
      return typeof v === 'string' ? normalise(v) : v;
    };
  }
  // cel-go's moduloInt64Checked: -2⁶³ % -1 overflows (its result, 0, would not show it).
  const [l, r] = Array.isArray(node.args) ? (node.args as Node[]) : [];
  if (node.op === '%' && meta?.evaluate && l?.meta?.evaluate && r?.meta?.evaluate) {
    const seen: unknown[] = [];
    for (const [i, child] of [l, r].entries()) {
      const evaluateChild = child.meta?.evaluate as Evaluate;
      (child.meta as { evaluate: Evaluate }).evaluate = (ev, ast, ctx) => (seen[i] = evaluateChild(ev, ast, ctx));
    }
    const inner = meta.evaluate;
    meta.evaluate = (ev, ast, ctx) => {
      const v = inner(ev, ast, ctx);
      if (seen[0] === MIN_INT && seen[1] === -1n) throw new Error('integer overflow');
      return v;
    };
  }
  eachChild(node, guardRanges);
}

/** A Go duration string as seconds cel-js reads (`"1h30m"` → `"5400s"`); Go's error otherwise. */
function goDurationText(text: string): string {
  const ns = parseGoDuration(text);
  if (ns === undefined) throw new Error(`time: invalid duration ${JSON.stringify(text)}`);
  const abs = ns < 0n ? -ns : ns;
  const frac = String(abs % 1_000_000_000n).padStart(9, '0');
  return `${ns < 0n ? '-' : ''}${abs / 1_000_000_000n}.${frac}s`;
}

/** An RFC 3339 timestamp string, unchanged; Go's error when time.Parse(time.RFC3339, …) refuses it. */
function rfc3339Text(text: string): string {
  if (!parseRfc3339(text)) throw new Error(`parsing time ${JSON.stringify(text)} as RFC 3339`);
  return text;
}

/** Compiles one condition; throws with a readable message when the CEL is invalid. */
export function compileCondition(c: Condition): CompiledCondition {
  const params = Object.entries(c.parameters ?? {}).map(([name, type]) => ({ name, type }));
  const env = environment(params);
  const run = env.parse(c.expression);
  const checked = run.check();
  if (!checked.valid) throw new Error(`condition \`${c.name}\`: ${checked.error?.message ?? 'invalid expression'}`);
  const cross = crossTypeComparison(run.ast);
  if (cross) throw new Error(`condition \`${c.name}\`: ${cross}`);
  const literal = outOfRangeLiteral(run.ast, undefined);
  if (literal) throw new Error(`condition \`${c.name}\`: ${literal}`);
  guardRanges(run.ast);
  // OpenFGA: "expected a bool condition expression output" — dyn (and any) are refused too.
  if (checked.type !== 'bool')
    throw new Error(`condition \`${c.name}\`: expected a bool condition expression output, but got '${checked.type}'`);
  return { name: c.name, params, run: (vars) => run(vars) };
}

/** Every condition that does not compile, for model validation. */
export function conditionErrors(model: AuthorizationModel): { condition: string; message: string }[] {
  const out: { condition: string; message: string }[] = [];
  for (const [name, c] of Object.entries(model.conditions ?? {})) {
    try {
      compileCondition({ ...c, name });
    } catch (e) {
      out.push({ condition: name, message: (e as Error).message });
    }
  }
  return out;
}

// cel-js keeps these classes to itself; its own values hand them over.
const UnsignedInt = (evaluate('1u') as object).constructor as new (v: bigint) => unknown;
const Duration = (evaluate('duration("1s")') as object).constructor as new (s: bigint, nanos: number) => unknown;

/** Go's big.ParseFloat(s, 10, …) syntax, which OpenFGA uses for numbers sent as strings. */
const DECIMAL = /^[+-]?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;
const INF = /^[+-]?[Ii]nf$/;

/**
 * A number (JSON numbers are float64, as in structpb) or a decimal string as an exact
 * integer, or undefined when it is not one (OpenFGA: `big.Float.IsInt`).
 */
function integerOf(v: unknown): bigint | undefined | 'not-a-number' {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : undefined;
  if (typeof v !== 'string') return 'not-a-number';
  if (INF.test(v)) return undefined;
  const m = DECIMAL.exec(v);
  if (!m) return 'not-a-number';
  const int = m[1] ?? '';
  const frac = m[2] ?? m[3] ?? '';
  const exp = Number(m[4] ?? '0');
  if (Math.abs(exp) > 4000) {
    // Only zero or a huge number: both are integers; the huge one saturates below.
    if (/^0*$/.test(int + frac)) return 0n;
    if (exp < 0) return undefined;
    return v.startsWith('-') ? MIN_INT - 1n : MAX_INT + 1n;
  }
  let digits = BigInt((int + frac).replace(/^0+(?=\d)/, '') || '0');
  let scale = frac.length - exp;
  if (scale > 0) {
    const d = 10n ** BigInt(scale);
    if (digits % d !== 0n) return undefined;
    digits /= d;
    scale = 0;
  }
  const n = digits * 10n ** BigInt(-scale);
  return v.startsWith('-') ? -n : n;
}

/** big.Float.Int64: saturates at the int64 bounds. */
const saturate = (n: bigint) => (n > MAX_INT ? MAX_INT : n < MIN_INT ? MIN_INT : n);

const NS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n,
  μs: 1000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Go's time.ParseDuration (what OpenFGA uses for duration parameters), in nanoseconds. */
function parseGoDuration(text: string): bigint | undefined {
  let s = text;
  let neg = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return undefined;
  let total = 0n;
  const part = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;
  while (s !== '') {
    const m = part.exec(s);
    if (!m || ((m[1] ?? '') === '' && (m[2] ?? '') === '')) return undefined;
    const unit = NS[m[3] as string] as bigint;
    const frac = m[2] ?? '';
    total += BigInt(m[1] || '0') * unit + (frac ? (BigInt(frac) * unit) / 10n ** BigInt(frac.length) : 0n);
    if (total > MAX_INT + (neg ? 1n : 0n)) return undefined;
    s = s.slice(m[0].length);
  }
  return neg ? -total : total;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/;

/** Go's time.Parse(time.RFC3339, …); the instant keeps milliseconds (cel-js timestamps are Dates). */
function parseRfc3339(text: string): Date | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as number[];
  const days = new Date(Date.UTC(2000, mo as number, 0)).getUTCDate();
  const leap = (y as number) % 4 === 0 && ((y as number) % 100 !== 0 || (y as number) % 400 === 0);
  const dim = mo === 2 ? (leap ? 29 : 28) : days;
  if ((mo as number) < 1 || (mo as number) > 12 || (d as number) < 1 || (d as number) > dim) return undefined;
  if ((h as number) > 23 || (mi as number) > 59 || (s as number) > 59) return undefined;
  let offset = 0;
  if (m[8] !== 'Z') {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = Number(`${m[7] ?? ''}000`.slice(0, 3));
  const t = new Date(0);
  t.setUTCFullYear(y as number, (mo as number) - 1, d as number);
  t.setUTCHours(h as number, (mi as number) - offset, s as number, ms);
  return t;
}

/** Converts a JSON context value to the CEL value of the declared type, as OpenFGA does; throws when it cannot. */
function convert(v: unknown, t: ConditionParamType): unknown {
  const g = t.generic_types?.[0];
  switch (t.type_name) {
    case 'TYPE_NAME_INT':
    case 'TYPE_NAME_UINT': {
      const uint = t.type_name === 'TYPE_NAME_UINT';
      const n = typeof v === 'bigint' ? v : integerOf(v);
      if (n === 'not-a-number') throw new Error(`expected a${uint ? ' uint' : 'n int'} value, got \`${String(v)}\``);
      if (n === undefined)
        throw new Error(`expected a${uint ? ' uint' : 'n int'} value, but found numeric value '${v}'`);
      const i = saturate(n);
      if (!uint) return i;
      if (i < 0n) throw new Error(`expected a uint value, but found int64 value '${v}'`);
      return new UnsignedInt(i);
    }
    case 'TYPE_NAME_DOUBLE': {
      // OpenFGA answers 2000 for a value beyond float64 (its conformance case handles_floats).
      const n = typeof v === 'number' ? v : typeof v === 'string' && DECIMAL.test(v) ? Number(v) : undefined;
      if (n === undefined || !Number.isFinite(n))
        throw new Error(`expected a finite double value, got \`${String(v)}\``);
      return n;
    }
    case 'TYPE_NAME_BOOL':
      if (typeof v !== 'boolean') throw new Error(`expected a bool, got \`${String(v)}\``);
      return v;
    case 'TYPE_NAME_STRING':
      if (typeof v !== 'string') throw new Error(`expected a string, got \`${String(v)}\``);
      return v;
    case 'TYPE_NAME_TIMESTAMP': {
      const d = typeof v === 'string' ? parseRfc3339(v) : undefined;
      if (!d) throw new Error(`expected RFC 3339 formatted timestamp string, got \`${String(v)}\``);
      return d;
    }
    case 'TYPE_NAME_DURATION': {
      const ns = typeof v === 'string' ? parseGoDuration(v) : undefined;
      if (ns === undefined) throw new Error(`expected a valid duration string, got \`${String(v)}\``);
      return new Duration(ns / 1_000_000_000n, Number(ns % 1_000_000_000n));
    }
    case 'TYPE_NAME_IPADDRESS': {
      const ip = typeof v === 'string' ? IPAddress.parse(v) : undefined;
      if (!ip) throw new Error(`expected a well-formed IP address, got \`${String(v)}\``);
      return ip;
    }
    case 'TYPE_NAME_LIST':
      if (!Array.isArray(v)) throw new Error('expected a list');
      return g ? v.map((x) => convert(x, g)) : v;
    case 'TYPE_NAME_MAP': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('expected a map');
      const out = new Map<string, unknown>();
      for (const [k, x] of Object.entries(v)) out.set(k, g ? convert(x, g) : x);
      return out;
    }
    default:
      return v;
  }
}

/**
 * Evaluates a compiled condition. A missing parameter or a value of the wrong type is an
 * error (OpenFGA answers 2000), not a silent deny.
 */
export function evaluateCondition(
  c: CompiledCondition,
  tupleContext: Context | undefined,
  requestContext: Context | undefined,
): ConditionOutcome {
  const vars: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const p of c.params) {
    const raw = tupleContext && p.name in tupleContext ? tupleContext[p.name] : requestContext?.[p.name];
    if (raw === undefined) {
      missing.push(p.name);
      continue;
    }
    try {
      vars[p.name] = convert(raw, p.type);
    } catch (e) {
      return { met: false, error: `condition \`${c.name}\`: parameter \`${p.name}\`: ${(e as Error).message}` };
    }
  }
  if (missing.length > 0)
    return { met: false, error: `condition \`${c.name}\` is missing context parameters \`${missing.join('`, `')}\`` };
  try {
    const out = c.run(vars);
    if (typeof out !== 'boolean') return { met: false, error: `condition \`${c.name}\` did not return a bool` };
    return { met: out };
  } catch (e) {
    return { met: false, error: `condition \`${c.name}\`: ${(e as Error).message}` };
  }
}
