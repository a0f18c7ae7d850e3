/**
 * Reading models: the DSL (schema 1.1), modular models (fga.mod + module files, schema 1.2)
 * and OpenFGA JSON. Every path ends in the same validation so a model is accepted or rejected
 * the same way whichever door it came through; every error is reported, not only the first.
 */
import { transformer, validator } from '@openfga/syntax-transformer';
import type { AuthorizationModel, ModelError, ParseResult } from './types.ts';
import { checkModelShape } from './model-shape.ts';
import { conditionErrors } from './conditions.ts';

type PositionedError = {
  msg?: string;
  message?: string;
  line?: { start: number };
  column?: { start: number };
  file?: string;
};

/** The transformer's positions are 0-based; people count from 1. */
function toModelError(e: PositionedError, fallbackFile?: string): ModelError {
  const error: ModelError = {
    message: e.msg ?? e.message ?? 'invalid model',
    line: e.line ? e.line.start + 1 : 0,
    column: e.column ? e.column.start + 1 : 0,
  };
  const file = e.file ?? fallbackFile;
  if (file) error.file = file;
  return error;
}

/** Unwraps the transformer's multi-errors into one flat list. */
function collect(e: unknown, file?: string): ModelError[] {
  const inner = (e as { errors?: unknown[] }).errors;
  if (Array.isArray(inner) && inner.length > 0) return inner.flatMap((x) => collect(x, file));
  if (e instanceof Error || (typeof e === 'object' && e !== null)) return [toModelError(e as PositionedError, file)];
  return [{ message: String(e), line: 0, column: 0 }];
}

/** Finds where a condition is declared, so CEL errors point at a line. */
function conditionLine(dsl: string, name: string): number {
  const lines = dsl.split('\n');
  const i = lines.findIndex((l) => new RegExp(`^\\s*condition\\s+${name}\\s*\\(`).test(l));
  return i + 1;
}

/**
 * Parses an OpenFGA DSL model and validates it.
 * @example
 * const r = parseModel('model\n  schema 1.1\ntype user\n');
 * if (!r.ok) console.log(r.errors[0].line);
 */
export function parseModel(dsl: string): ParseResult {
  let crashed = false;
  try {
    validator.validateDSL(dsl);
  } catch (e) {
    if (!(e instanceof TypeError)) return { ok: false, errors: collect(e) };
    crashed = true;
  }
  let model: AuthorizationModel;
  try {
    model = transformer.transformDSLToJSONObject(dsl) as AuthorizationModel;
  } catch (e) {
    return { ok: false, errors: collect(e) };
  }
  if (crashed) {
    const errors = validateAroundCrash(model, dsl);
    if (errors.length > 0) return { ok: false, errors };
  }
  const cel = conditionErrors(model).map((c) => ({
    message: c.message,
    line: conditionLine(dsl, c.condition),
    column: 1,
  }));
  return cel.length > 0 ? { ok: false, errors: cel } : { ok: true, model: normalise(model) };
}

/**
 * Parses a modular model: `files` maps each path to its content and must include `fga.mod`.
 * Errors carry the file they belong to.
 */
export function parseModularModel(files: Record<string, string>): ParseResult {
  const modPath = Object.keys(files).find((p) => p === 'fga.mod' || p.endsWith('/fga.mod'));
  if (!modPath) return { ok: false, errors: [{ message: 'missing `fga.mod`', line: 0, column: 0 }] };
  const dir = modPath.slice(0, modPath.length - 'fga.mod'.length);
  let mod: ReturnType<typeof transformer.transformModFileToJSON>;
  try {
    mod = transformer.transformModFileToJSON(files[modPath] ?? '');
  } catch (e) {
    return { ok: false, errors: collect(e, modPath) };
  }
  const modules: { name: string; contents: string }[] = [];
  const missing: ModelError[] = [];
  for (const entry of mod.contents.value) {
    const contents = files[dir + entry.value] ?? files[entry.value];
    if (contents === undefined) {
      missing.push({
        message: `module file \`${entry.value}\` not found`,
        line: entry.line.start + 1,
        column: entry.column.start + 1,
        file: modPath,
      });
    } else modules.push({ name: entry.value, contents });
  }
  if (missing.length > 0) return { ok: false, errors: missing };
  let model: AuthorizationModel;
  try {
    model = transformer.transformModuleFilesToModel(modules, mod.schema.value) as AuthorizationModel;
  } catch (e) {
    return { ok: false, errors: collect(e) };
  }
  const cel = conditionErrors(model).map((c) => ({ message: c.message, line: 0, column: 0 }));
  return cel.length > 0 ? { ok: false, errors: cel } : { ok: true, model: normalise(model) };
}

/** Validates a model received as OpenFGA JSON (the HTTP API's input). */
export function validateModel(json: unknown): ParseResult {
  const shape = checkModelShape(json);
  if (shape.length > 0) return { ok: false, errors: shape.map((message) => ({ message, line: 0, column: 0 })) };
  const model = structuredClone(json) as AuthorizationModel;
  try {
    // the validator only reads the model; typed as the SDK's shape, which ours matches
    validator.validateJSON(model as Parameters<typeof validator.validateJSON>[0]);
  } catch (e) {
    if (!(e instanceof TypeError)) return { ok: false, errors: collect(e) };
    const errors = validateAroundCrash(model);
    if (errors.length > 0) return { ok: false, errors };
  }
  const cel = conditionErrors(model).map((c) => ({ message: c.message, line: 0, column: 0 }));
  return cel.length > 0 ? { ok: false, errors: cel } : { ok: true, model: normalise(model) };
}

/**
 * The transformer's validator (0.2.x) crashes with a TypeError on a `from` whose tupleset
 * restriction carries a condition (`define parent: [folder with c]`): it looks the type up as
 * "folder with c". Validate a copy with the conditions taken off the restrictions instead, and
 * check the conditions ourselves (each referenced condition defined, each defined one used).
 */
function validateAroundCrash(model: AuthorizationModel, dsl?: string): ModelError[] {
  const copy = structuredClone(model);
  const used = new Set<string>();
  for (const td of copy.type_definitions) {
    for (const meta of Object.values(td.metadata?.relations ?? {})) {
      const seen = new Set<string>();
      meta.directly_related_user_types = (meta.directly_related_user_types ?? []).filter((r) => {
        if (r.condition) used.add(r.condition);
        const key = `${r.type}|${r.relation ?? ''}|${r.wildcard ? '*' : ''}`;
        delete r.condition;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }
  }
  delete copy.conditions;
  const errors: ModelError[] = [];
  try {
    validator.validateJSON(copy as Parameters<typeof validator.validateJSON>[0], {}, dsl);
  } catch (e) {
    errors.push(...collect(e));
  }
  const defined = new Set(Object.keys(model.conditions ?? {}));
  for (const c of used)
    if (!defined.has(c))
      errors.push({
        message: `condition \`${c}\` is not defined`,
        line: dsl ? conditionUseLine(dsl, c) : 0,
        column: 0,
      });
  for (const c of defined)
    if (!used.has(c))
      errors.push({
        message: `condition \`${c}\` is not used in the model`,
        line: dsl ? conditionLine(dsl, c) : 0,
        column: 0,
      });
  return errors;
}

function conditionUseLine(dsl: string, name: string): number {
  return dsl.split('\n').findIndex((l) => new RegExp(`with\\s+${name}\\b`).test(l)) + 1;
}

/** Drops transformer-only noise (null metadata) so models compare and serialise cleanly. */
function normalise(model: AuthorizationModel): AuthorizationModel {
  const out: AuthorizationModel = { schema_version: model.schema_version, type_definitions: model.type_definitions };
  if (model.id) out.id = model.id;
  if (model.conditions && Object.keys(model.conditions).length > 0) out.conditions = model.conditions;
  return out;
}
