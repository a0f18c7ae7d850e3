/**
 * Request validation: the shapes of users and objects, and contextual tuples against the model.
 * OpenFGA's codes: a malformed user or an unknown type/relation in a check is 2000; list
 * operations say 2021 (type) / 2022 (relation); an invalid contextual tuple is 2027.
 */
import type { CompiledModel, CondSet } from './compile.ts';
import { NO_CONDITION, relationId } from './compile.ts';
import type { EngineError, TupleKey } from './types.ts';
import { engineError } from './errors.ts';

const TYPE = '[^:#@*\\s]{1,254}';
const ID = '[^#:*\\s][^#:\\s]*';
const REL = '[^:#@*\\s]{1,50}';
const OBJECT_RE = new RegExp(`^(${TYPE}):(${ID})$`);
const USER_RE = new RegExp(`^(${TYPE}):(?:(\\*)|(${ID})(?:#(${REL}))?)$`);

export type ParsedUser = { text: string; type: string; id: string; relation?: string; wildcard: boolean };

/** ASCII whitespace as \s sees it; other characters send the scanner to the regex. */
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
/** type chars: not `:#@*` nor whitespace */
const typeChar = (c: number): boolean => c !== 58 && c !== 35 && c !== 64 && c !== 42 && !isSpace(c);

/**
 * The hot path of every request: a single scan for plain-ASCII input, same verdicts as the
 * regexes (which still handle anything non-ASCII).
 */
function scanUser(text: string): ParsedUser | undefined | null {
  const n = text.length;
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return null;
    if (c === 58) break;
    if (!typeChar(c)) return undefined;
  }
  if (i === 0 || i > 254 || i === n) return undefined;
  const colon = i;
  const type = text.slice(0, colon);
  if (n === colon + 2 && text.charCodeAt(colon + 1) === 42) return { text, type, id: '*', wildcard: true };
  let hash = -1;
  for (i = colon + 1; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return null;
    if (c === 35) {
      hash = i;
      break;
    }
    if (c === 58 || isSpace(c) || (c === 42 && i === colon + 1)) return undefined;
  }
  const idEnd = hash < 0 ? n : hash;
  if (idEnd === colon + 1) return undefined;
  const u: ParsedUser = { text, type, id: text.slice(colon + 1, idEnd), wildcard: false };
  if (hash < 0) return u;
  if (n - hash - 1 < 1 || n - hash - 1 > 50) return undefined;
  for (i = hash + 1; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return null;
    if (!typeChar(c)) return undefined;
  }
  u.relation = text.slice(hash + 1);
  return u;
}

export function parseUser(text: string): ParsedUser | undefined {
  const fast = scanUser(text);
  if (fast !== null) return fast;
  const m = USER_RE.exec(text);
  if (!m) return undefined;
  const u: ParsedUser = { text, type: m[1] as string, id: m[2] ?? (m[3] as string), wildcard: m[2] === '*' };
  if (m[4]) u.relation = m[4];
  return u;
}

export function parseObject(text: string): { type: string; id: string } | undefined {
  const fast = scanUser(text);
  if (fast !== null)
    return fast && !fast.wildcard && fast.relation === undefined ? { type: fast.type, id: fast.id } : undefined;
  const m = OBJECT_RE.exec(text);
  return m ? { type: m[1] as string, id: m[2] as string } : undefined;
}

/** Why a tuple may not be written under this model, or undefined when it may. */
export function validateTuple(model: CompiledModel, t: TupleKey): string | undefined {
  const o = parseObject(t.object);
  if (!o) return `invalid object \`${t.object}\``;
  const ot = model.typeIndex.get(o.type);
  if (ot === undefined) return `type \`${o.type}\` not found`;
  const r = relationId(model, o.type, t.relation);
  if (r < 0) return `relation \`${o.type}#${t.relation}\` not found`;
  const u = parseUser(t.user);
  if (!u) return `invalid user \`${t.user}\``;
  const ut = model.typeIndex.get(u.type);
  if (ut === undefined) return `type \`${u.type}\` not found`;
  const rel = model.rels[r];
  if (!rel) return `relation \`${o.type}#${t.relation}\` not found`;
  let allowed: CondSet | undefined;
  if (u.wildcard) allowed = rel.wildcard[ut];
  else if (u.relation !== undefined) {
    const ur = relationId(model, u.type, u.relation);
    if (ur < 0) return `relation \`${u.type}#${u.relation}\` not found`;
    allowed = rel.userset.get(ur);
  } else allowed = rel.plain[ut];
  const cond = t.condition ? model.conditionIndex.get(t.condition.name) : NO_CONDITION;
  if (cond === undefined) return `condition \`${t.condition?.name ?? ''}\` not found`;
  if (!allowed) return `type restriction of \`${o.type}#${t.relation}\` does not allow \`${t.user}\``;
  if (!allowed.has(cond))
    return `\`${t.user}\` on \`${o.type}#${t.relation}\` ${t.condition ? `may not carry condition \`${t.condition.name}\`` : 'needs a condition'}`;
  return undefined;
}

/** Validates contextual tuples (2027 on the first invalid one). */
export function validateContextualTuples(
  model: CompiledModel,
  tuples: TupleKey[] | undefined,
): EngineError | undefined {
  for (const t of tuples ?? []) {
    const why = validateTuple(model, t);
    if (why) return engineError('invalid_tuple', `invalid contextual tuple: ${why}`);
  }
  return undefined;
}

/** Validates a request's user: well-formed, its type (and userset relation) in the model. */
export function validateUser(model: CompiledModel, user: string): ParsedUser | EngineError {
  const u = parseUser(user);
  if (!u) return engineError('validation_error', `invalid user \`${user}\``);
  if (!model.typeIndex.has(u.type)) return engineError('validation_error', `type \`${u.type}\` not found`);
  if (u.relation !== undefined && relationId(model, u.type, u.relation) < 0)
    return engineError('validation_error', `relation \`${u.type}#${u.relation}\` not found`);
  return u;
}

export const isEngineError = (x: unknown): x is EngineError =>
  typeof x === 'object' && x !== null && 'code' in x && 'message' in x;
