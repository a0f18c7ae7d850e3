/**
 * Structural checks on a model received as JSON, before the OpenFGA validator reads it:
 * the validator assumes the shape and would crash (or worse, pass) on garbage.
 */
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function usersetErrors(u: unknown, at: string, out: string[]): void {
  if (!isObject(u)) {
    out.push(`${at}: a rewrite must be an object`);
    return;
  }
  const keys = Object.keys(u);
  if (keys.length !== 1) {
    out.push(
      `${at}: a rewrite must have exactly one of this, computedUserset, tupleToUserset, union, intersection, difference`,
    );
    return;
  }
  const key = keys[0] as string;
  const v = u[key];
  switch (key) {
    case 'this':
      return;
    case 'computedUserset':
      if (!isObject(v) || typeof v.relation !== 'string') out.push(`${at}.computedUserset: missing relation`);
      return;
    case 'tupleToUserset':
      if (
        !isObject(v) ||
        !isObject(v.tupleset) ||
        typeof v.tupleset.relation !== 'string' ||
        !isObject(v.computedUserset) ||
        typeof v.computedUserset.relation !== 'string'
      ) {
        out.push(`${at}.tupleToUserset: needs tupleset.relation and computedUserset.relation`);
      }
      return;
    case 'union':
    case 'intersection':
      if (!isObject(v) || !Array.isArray(v.child) || v.child.length === 0)
        out.push(`${at}.${key}: needs a non-empty child list`);
      else v.child.forEach((c, i) => usersetErrors(c, `${at}.${key}.child[${i}]`, out));
      return;
    case 'difference':
      if (!isObject(v)) out.push(`${at}.difference: needs base and subtract`);
      else {
        usersetErrors(v.base, `${at}.difference.base`, out);
        usersetErrors(v.subtract, `${at}.difference.subtract`, out);
      }
      return;
    default:
      out.push(`${at}: unknown rewrite \`${key}\``);
  }
}

/** Returns every structural problem found (empty when the shape is right). */
export function checkModelShape(json: unknown): string[] {
  const out: string[] = [];
  if (!isObject(json)) return ['model must be an object'];
  if (typeof json.schema_version !== 'string') out.push('`schema_version` must be a string');
  else if (!['1.1', '1.2'].includes(json.schema_version))
    out.push(`unsupported schema version \`${json.schema_version}\``);
  if (!Array.isArray(json.type_definitions)) return [...out, '`type_definitions` must be a list'];
  json.type_definitions.forEach((td, i) => {
    if (!isObject(td) || typeof td.type !== 'string') {
      out.push(`type_definitions[${i}]: \`type\` must be a string`);
      return;
    }
    if (td.relations !== undefined && !isObject(td.relations))
      out.push(`type \`${td.type}\`: relations must be an object`);
    else
      for (const [name, rw] of Object.entries(td.relations ?? {}))
        usersetErrors(rw, `type \`${td.type}\` relation \`${name}\``, out);
  });
  if (json.conditions !== undefined && !isObject(json.conditions)) out.push('`conditions` must be an object');
  else {
    for (const [name, c] of Object.entries(json.conditions ?? {})) {
      if (!isObject(c) || typeof c.expression !== 'string') out.push(`condition \`${name}\`: needs an expression`);
    }
  }
  return out;
}
