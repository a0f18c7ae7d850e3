/**
 * Conditions: CEL expressions with typed parameters, evaluated by @marcbachmann/cel-js, which
 * interprets its AST (no eval / new Function, so it runs inside workerd). Each condition is
 * compiled once per model; evaluation merges the tuple's context over the request's
 * (OpenFGA: the stored tuple's values win) and requires every declared parameter.
 */
import { Environment } from '@marcbachmann/cel-js';
import type { AuthorizationModel, Condition, ConditionParamType, Context } from './types.ts';
import { IPAddress } from './ipaddress.ts';

export type ConditionOutcome = { met: boolean; error?: string };

type Param = { name: string; type: ConditionParamType };
export type CompiledCondition = {
  name: string;
  params: Param[];
  run: (vars: Record<string, unknown>) => unknown;
};

const celType = (t: ConditionParamType): string => {
  const g = t.generic_types?.[0];
  switch (t.type_name) {
    case 'TYPE_NAME_INT':
      return 'int';
    case 'TYPE_NAME_UINT':
      return 'int';
    case 'TYPE_NAME_DOUBLE':
      return 'double';
    case 'TYPE_NAME_BOOL':
      return 'bool';
    case 'TYPE_NAME_STRING':
      return 'string';
    case 'TYPE_NAME_TIMESTAMP':
      return 'google.protobuf.Timestamp';
    case 'TYPE_NAME_DURATION':
      return 'google.protobuf.Duration';
    case 'TYPE_NAME_IPADDRESS':
      return 'ipaddress';
    case 'TYPE_NAME_LIST':
      return g ? `list<${celType(g)}>` : 'list';
    case 'TYPE_NAME_MAP':
      return g ? `map<string, ${celType(g)}>` : 'map';
    default:
      return 'dyn';
  }
};

function environment(params: Param[]): Environment {
  const env = new Environment({ homogeneousAggregateLiterals: false })
    .registerType('ipaddress', IPAddress)
    .registerFunction('ipaddress.in_cidr(string): bool', (ip: IPAddress, cidr: string) => ip.inCidr(cidr));
  for (const p of params) env.registerVariable(p.name, celType(p.type));
  return env;
}

/** Compiles one condition; throws with a readable message when the CEL is invalid. */
export function compileCondition(c: Condition): CompiledCondition {
  const params = Object.entries(c.parameters ?? {}).map(([name, type]) => ({ name, type }));
  const env = environment(params);
  const checked = env.check(c.expression);
  if (!checked.valid) throw new Error(`condition \`${c.name}\`: ${checked.error?.message ?? 'invalid expression'}`);
  if (checked.type !== 'bool' && checked.type !== 'dyn')
    throw new Error(`condition \`${c.name}\`: expression must be a bool, not \`${checked.type}\``);
  const run = env.parse(c.expression);
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

const durationEnv = new Environment().registerVariable('s', 'string');
const toDuration = durationEnv.parse('duration(s)');

/** Converts a JSON context value to the CEL value of the declared type; throws when it cannot. */
function convert(v: unknown, t: ConditionParamType): unknown {
  const g = t.generic_types?.[0];
  switch (t.type_name) {
    case 'TYPE_NAME_INT':
    case 'TYPE_NAME_UINT': {
      const n =
        typeof v === 'bigint'
          ? v
          : typeof v === 'number' && Number.isInteger(v)
            ? BigInt(v)
            : typeof v === 'string' && /^-?\d+$/.test(v)
              ? BigInt(v)
              : undefined;
      if (n === undefined || (t.type_name === 'TYPE_NAME_UINT' && n < 0n))
        throw new Error(`expected an integer, got \`${String(v)}\``);
      return n;
    }
    case 'TYPE_NAME_DOUBLE': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n)) throw new Error(`expected a finite number, got \`${String(v)}\``);
      return n;
    }
    case 'TYPE_NAME_BOOL':
      if (typeof v !== 'boolean') throw new Error(`expected a bool, got \`${String(v)}\``);
      return v;
    case 'TYPE_NAME_STRING':
      if (typeof v !== 'string') throw new Error(`expected a string, got \`${String(v)}\``);
      return v;
    case 'TYPE_NAME_TIMESTAMP': {
      const d = typeof v === 'string' ? new Date(v) : undefined;
      if (!d || Number.isNaN(d.getTime())) throw new Error(`expected an RFC 3339 timestamp, got \`${String(v)}\``);
      return d;
    }
    case 'TYPE_NAME_DURATION':
      if (typeof v !== 'string') throw new Error(`expected a duration, got \`${String(v)}\``);
      return toDuration({ s: v });
    case 'TYPE_NAME_IPADDRESS': {
      const ip = typeof v === 'string' ? IPAddress.parse(v) : undefined;
      if (!ip) throw new Error(`expected an IP address, got \`${String(v)}\``);
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
