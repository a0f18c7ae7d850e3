/**
 * What the fuzz suite sends: fast-check arbitraries for request bodies shaped by a JSON Schema
 * (the OpenAPI document's, or a zod schema's through `z.toJSONSchema`), the ways to break them,
 * and the bad strings, query strings, path segments and headers tried on every endpoint.
 */
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** The part of JSON Schema that zod 4 and the OpenAPI document produce. */
export type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  prefixItems?: Schema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: Json[];
  const?: Json;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: Json;
};

/** Where the generator finds `$ref`s and plausible values (ids and names seen in the database). */
export interface Vocabulary {
  resolve(ref: string): Schema;
  /** Known values for a property name (e.g. existing ids for `assigneeId`), possibly none. */
  known(key: string): readonly string[];
  /** Whole values that mean something under a property name (e.g. a stored or a new tuple for `tuple_key`), if any. */
  examples?(key: string): fc.Arbitrary<Json> | undefined;
}

/** Strings that have broken other systems: SQL, paths, headers, prototypes, markup, Unicode, tuples. */
export const NASTY_STRINGS: readonly string[] = [
  "' OR '1'='1",
  "'; DROP TABLE people; --",
  '" OR ""="',
  '1; SELECT * FROM sessions',
  "%' --",
  '\\',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '..\\..\\windows\\win.ini',
  '/etc/passwd\u0000.png',
  'x\r\nSet-Cookie: laminate_session=evil',
  '%0d%0aLocation:%20https://evil.example',
  '__proto__',
  'constructor',
  'prototype',
  '{"__proto__":{"admin":true}}',
  '<script>alert(1)</script>',
  '{{7*7}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, literally
  '${7*7}',
  'javascript:alert(1)',
  "=cmd|' /C calc'!A0",
  '\u202eevil\u202c',
  '\ufeffBOM',
  '👩‍👩‍👧‍👦',
  '\u0000',
  '\ud800',
  'e\u0301\u0301\u0301',
  'ＡＤＭＩＮ',
  'user:*',
  'workspace:ws_northline#master',
  'user:per_ana',
  'group:crew#member#member',
  'a:b:c',
  '#',
  ':',
  '*',
  '1e309',
  '-0',
  'NaN',
  'null',
  'true',
  '',
  ' ',
];

/** Ids that look right and name nothing. */
export const UNKNOWN_IDS: readonly string[] = [
  'per_nobody',
  'tsk_00000000000000000000',
  '01J00000000000000000000000',
  'ws_harbor',
  'day_nowhere_1',
  '0',
  '-1',
  'null',
  'undefined',
];

/** encodeURIComponent, which throws on a lone surrogate: those go as U+FFFD (raw bad bytes are tried on their own). */
const encode = (s: string) => encodeURIComponent(s.replace(/\p{Cs}/gu, '\ufffd'));

const anyString = fc.string({ maxLength: 40, unit: 'grapheme' });
const nasty = fc.constantFrom(...NASTY_STRINGS);
const huge = fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'A'.repeat(n));

/** Any JSON value of a type other than `type` (a wrong-type replacement). */
function otherType(type: string | undefined): fc.Arbitrary<Json> {
  const all: Record<string, fc.Arbitrary<Json>> = {
    string: anyString,
    number: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(1e308)),
    integer: fc.integer(),
    boolean: fc.boolean(),
    null: fc.constant(null),
    array: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }) as fc.Arbitrary<Json>,
    object: fc.dictionary(anyString, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }) as fc.Arbitrary<Json>,
  };
  const wrong = Object.entries(all).filter(
    ([k]) => k !== type && !(type === 'number' && k === 'integer') && !(type === 'integer' && k === 'number'),
  );
  return fc.oneof(...wrong.map(([, a]) => a));
}

function typeOf(schema: Schema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function resolved(schema: Schema, vocabulary: Vocabulary): Schema {
  let s = schema;
  for (let i = 0; s.$ref && i < 10; i++)
    s = { ...vocabulary.resolve(s.$ref), ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$ref')) };
  return s;
}

function stringArb(schema: Schema, key: string, vocabulary: Vocabulary): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 40, Math.max(min, 40));
  const fit = (s: string) => (s.length > max ? s.slice(0, max) : s.length < min ? s.padEnd(min, 'x') : s);
  let base: fc.Arbitrary<string> = fc.string({ minLength: min, maxLength: max, unit: 'grapheme-ascii' });
  if (schema.format === 'date')
    base = fc
      .date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  else if (schema.format === 'date-time')
    base = fc
      .date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString());
  else if (schema.format === 'email') base = fc.emailAddress().map(fit);
  else if (schema.format === 'uri' || schema.format === 'url') base = fc.webUrl().map(fit);
  else if (schema.format === 'uuid') base = fc.uuid();
  else if (schema.pattern) {
    try {
      base = fc.stringMatching(new RegExp(schema.pattern)).map(fit);
    } catch {
      // a pattern fast-check cannot invert: plain strings (most are then rejected, which is fine)
    }
  }
  const known = vocabulary.known(key);
  return known.length
    ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 3 }, { arbitrary: base, weight: 1 })
    : base;
}

const ABSENT = Symbol('absent') as unknown as Json;

/**
 * Values that satisfy `schema` as far as JSON Schema says (refinements it cannot express may
 * still fail): the valid-shaped bodies, and the base every broken body is made from.
 */
export function validValue(schema: Schema, vocabulary: Vocabulary, key = '', depth = 0): fc.Arbitrary<Json> {
  const examples = vocabulary.examples?.(key);
  if (examples)
    return fc.oneof(
      { weight: 4, arbitrary: examples },
      {
        weight: 1,
        arbitrary: validValue(schema, { resolve: vocabulary.resolve, known: vocabulary.known }, key, depth),
      },
    );
  const s = resolved(schema, vocabulary);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const choices = s.anyOf ?? s.oneOf;
  if (choices?.length) return fc.oneof(...choices.map((c) => validValue(c, vocabulary, key, depth + 1)));
  if (s.allOf?.length)
    return validValue(
      Object.assign({}, ...s.allOf.map((c) => resolved(c, vocabulary))) as Schema,
      vocabulary,
      key,
      depth + 1,
    );
  switch (typeOf(s)) {
    case 'string':
      return stringArb(s, key, vocabulary);
    case 'integer':
      return fc.integer({
        min: s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1000),
        max: s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 100_000),
      });
    case 'number':
      return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 100_000, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (s.prefixItems) return fc.tuple(...s.prefixItems.map((p) => validValue(p, vocabulary, key, depth + 1)));
      const min = s.minItems ?? 0;
      const max = depth > 3 ? min : Math.min(s.maxItems ?? min + 3, min + 3);
      // short arrays mostly: one wrong item hides what the others would have reached
      return fc.array(
        s.items ? validValue(s.items, vocabulary, key.replace(/s$/, ''), depth + 1) : fc.jsonValue({ maxDepth: 1 }),
        { minLength: min, maxLength: max, size: '-1' },
      ) as fc.Arbitrary<Json>;
    }
    case 'object': {
      const required = new Set(s.required ?? []);
      const props = Object.entries(s.properties ?? {}).filter(([k]) => depth <= 3 || required.has(k));
      // an optional member one time in three: bodies near the minimum get furthest past the semantic checks
      const member = (k: string, p: Schema) =>
        required.has(k)
          ? validValue(p, vocabulary, k, depth + 1)
          : fc.oneof(
              { weight: 2, arbitrary: fc.constant(ABSENT) },
              { weight: 1, arbitrary: validValue(p, vocabulary, k, depth + 1) },
            );
      const record = fc
        .record(Object.fromEntries(props.map(([k, p]) => [k, member(k, p)])))
        .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== ABSENT)) as Json);
      if (typeof s.additionalProperties === 'object' && props.length === 0) {
        return fc.dictionary(
          fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme-ascii' }),
          validValue(s.additionalProperties, vocabulary, '', depth + 1),
          { maxKeys: depth > 2 ? 0 : 3 },
        ) as fc.Arbitrary<Json>;
      }
      return record as fc.Arbitrary<Json>;
    }
    default:
      return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
  }
}

/** A JSON text whose nesting is `depth` deep (parsers and recursive code have stack limits). */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** A string that stands for a value nested `depth` deep until the body is written (too deep to build or stringify recursively). */
const deepMark = (depth: number, kind: 'array' | 'object') => `\u0001deep:${kind}:${depth}`;
const withDeepValues = (text: string) =>
  text.replace(/"\\u0001deep:(array|object):(\d+)"/g, (_, kind: 'array' | 'object', depth: string) =>
    deepJson(Number(depth), kind),
  );

/** A request body: text or bytes, the content type it is sent with, and what was done to it. */
export type Body = { kind: string; bytes: string | Uint8Array; contentType: string | null };

type Path = (string | number)[];

/** Every place in a value where a member or element sits, with its schema where known. */
function places(
  value: Json,
  schema: Schema | undefined,
  vocabulary: Vocabulary,
  path: Path = [],
): { path: Path; schema: Schema | undefined; key: string }[] {
  const out: { path: Path; schema: Schema | undefined; key: string }[] = [];
  const s = schema ? resolved(schema, vocabulary) : undefined;
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      const item = s?.items;
      out.push(
        { path: [...path, i], schema: item, key: String(path.at(-1) ?? '') },
        ...places(v, item, vocabulary, [...path, i]),
      );
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p =
        s?.properties?.[k] ?? (typeof s?.additionalProperties === 'object' ? s.additionalProperties : undefined);
      out.push({ path: [...path, k], schema: p, key: k }, ...places(v, p, vocabulary, [...path, k]));
    }
  }
  return out;
}

/** `value` with `next` at `path` (undefined: the member removed), containers made where missing. */
function setAt(current: Json, path: Path, next: Json | undefined): Json {
  if (path.length === 0) return next ?? null;
  const [head, ...rest] = path;
  const value = current !== null && typeof current === 'object' ? current : typeof head === 'number' ? [] : {};
  if (Array.isArray(value)) {
    const copy = [...value];
    if (next === undefined && rest.length === 0) copy.splice(head as number, 1);
    else copy[head as number] = setAt(copy[head as number] ?? null, rest, next);
    return copy;
  }
  const copy = { ...(value as Record<string, Json>) };
  if (next === undefined && rest.length === 0) delete copy[head as string];
  else copy[head as string] = setAt(copy[head as string] ?? null, rest, next);
  return copy;
}

/** A valid-shaped value in which every member along `path` is present (what is at the end of it is then replaced). */
function validAlong(schema: Schema, vocabulary: Vocabulary, path: Path, key = ''): fc.Arbitrary<Json> {
  if (path.length === 0) return fc.constant(null);
  const [head, ...rest] = path;
  const s = resolved(schema, vocabulary);
  const branch = [s, ...(s.anyOf ?? []), ...(s.oneOf ?? [])]
    .map((o) => resolved(o, vocabulary))
    .find((o) => (typeof head === 'number' ? o.items : o.properties?.[head as string]))!;
  if (typeof head === 'number')
    return validAlong(branch.items!, vocabulary, rest, key.replace(/s$/, '')).map((first) => [first]);
  return fc
    .tuple(
      validValue(branch, vocabulary, key),
      validAlong(branch.properties![head as string]!, vocabulary, rest, head as string),
    )
    .map(([base, member]) => ({ ...(base as Record<string, Json>), [head as string]: member }));
}

/** Where a schema takes any value (first array items, every option), down to a few levels. */
function openPaths(schema: Schema, vocabulary: Vocabulary, path: Path = []): Path[] {
  const s = resolved(schema, vocabulary);
  if (path.length > 8) return [];
  const open =
    typeof s.additionalProperties === 'object' ||
    !(s.type || s.properties || s.items || s.anyOf || s.oneOf || s.allOf || s.enum || s.const !== undefined);
  return [
    ...(open && path.length ? [path] : []),
    ...Object.entries(s.properties ?? {}).flatMap(([k, p]) => openPaths(p, vocabulary, [...path, k])),
    ...(s.items ? openPaths(s.items, vocabulary, [...path, 0]) : []),
    ...[...(s.anyOf ?? []), ...(s.oneOf ?? [])].flatMap((o) => openPaths(o, vocabulary, path)),
  ];
}

/** The schemas of objects inside a value, with their paths: where a required member can go missing or an unknown one appear. */
function objects(
  value: Json,
  schema: Schema,
  vocabulary: Vocabulary,
  path: Path = [],
): { path: Path; schema: Schema }[] {
  const s = resolved(schema, vocabulary);
  const here = value !== null && typeof value === 'object' && !Array.isArray(value) ? [{ path, schema: s }] : [];
  return [
    ...here,
    ...places(value, s, vocabulary, path)
      .filter((p) => p.path.length === path.length + 1)
      .flatMap((p) => (p.schema ? objects(getAt(value, p.path.slice(path.length)), p.schema, vocabulary, p.path) : [])),
  ];
}

function getAt(value: Json, path: Path): Json {
  return path.reduce<Json>((v, k) => (v as Record<string, Json>)?.[k as string] ?? null, value);
}

const JSON_TYPE = 'application/json';

/** JSON text with `bad` bytes just inside its first string (or in front when it has none). */
function withBytes(text: string, bad: readonly number[]): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  const at = text.indexOf('"') + 1; // JSON.stringify writes ASCII before the first quote
  return new Uint8Array([...bytes.slice(0, at), ...bad, ...bytes.slice(at)]);
}

/**
 * A body for a route that reads JSON with `schema`: valid-shaped, or broken in one of the ways
 * issue 9 lists (wrong types, missing and extra fields, limits crossed, huge and deep, wrong
 * content type, invalid UTF-8, injection strings, not JSON at all).
 */
export function jsonBody(schema: Schema, vocabulary: Vocabulary, maxBodyBytes: number): fc.Arbitrary<Body> {
  const valid = validValue(schema, vocabulary);
  const asBody = (kind: string, json: Json): Body => ({
    kind,
    bytes: withDeepValues(JSON.stringify(json)),
    contentType: JSON_TYPE,
  });
  const mutate = (
    kind: string,
    f: (
      value: Json,
      at: { path: Path; schema: Schema | undefined; key: string }[],
      g: fc.Arbitrary<number>,
    ) => fc.Arbitrary<Json>,
  ) =>
    valid.chain((value) => {
      const at = places(value, schema, vocabulary);
      return at.length
        ? f(value, at, fc.nat({ max: at.length - 1 })).map((json) => asBody(kind, json))
        : fc.constant(asBody(kind, value));
    });
  const leaf = (kind: string, replacement: (s: Schema | undefined) => fc.Arbitrary<Json>) =>
    mutate(kind, (value, at, g) =>
      g.chain((i) =>
        replacement(at[i]!.schema ? resolved(at[i]!.schema!, vocabulary) : undefined).map((r) =>
          setAt(value, at[i]!.path, r),
        ),
      ),
    );
  // Deep values go where the schema takes any value (a condition's context, AuthZEN properties): there they get past validation.
  const anyValue = openPaths(schema, vocabulary);
  const deep = fc.constantFrom(70, 30_000).map((depth) => deepMark(depth, 'object')); // an object: a record takes it too
  const deepAny = fc
    .constantFrom(70, 30_000)
    .chain((depth) => fc.constantFrom(deepMark(depth, 'array'), deepMark(depth, 'object')));
  // One past each documented limit: strings, numbers, and batches (one valid item, maxItems + 1 times).
  const limits = (s: Schema | undefined): fc.Arbitrary<Json> => {
    const options: Json[] = [];
    if (s?.maxLength !== undefined) options.push('x'.repeat(s.maxLength + 1));
    if (s?.minLength) options.push('x'.repeat(s.minLength - 1));
    if (s?.minItems) options.push([]);
    if (s?.maximum !== undefined) options.push(s.maximum + 1);
    if (s?.minimum !== undefined) options.push(s.minimum - 1);
    if (s?.type === 'integer') options.push(1.5, 2 ** 63);
    const over =
      s?.maxItems !== undefined && s.items
        ? [validValue(s.items, vocabulary).map((item): Json => Array.from({ length: s.maxItems! + 1 }, () => item))]
        : [];
    return options.length || over.length
      ? fc.oneof(...(options.length ? [fc.constantFrom(...options)] : []), ...over)
      : fc.constantFrom<Json>(-1, 2 ** 53 + 1, '', []);
  };
  const object = (kind: string, f: (value: Json, o: { path: Path; schema: Schema }) => fc.Arbitrary<Json>) =>
    valid.chain((value) => {
      const os = objects(value, schema, vocabulary);
      return os.length
        ? fc
            .constantFrom(...os)
            .chain((o) => f(value, o))
            .map((json) => asBody(kind, json))
        : fc.constant(asBody(kind, value));
    });
  const raw = (kind: string, bytes: fc.Arbitrary<string | Uint8Array>, contentType: string | null = JSON_TYPE) =>
    bytes.map((b): Body => ({ kind, bytes: b, contentType }));
  return fc.oneof(
    { weight: 6, arbitrary: valid.map((json) => asBody('valid-shaped', json)) },
    { weight: 3, arbitrary: leaf('wrong type', (s) => otherType(s ? typeOf(s) : undefined)) },
    { weight: 2, arbitrary: leaf('injection string', () => fc.oneof(nasty, fc.constantFrom(...UNKNOWN_IDS))) },
    { weight: 2, arbitrary: leaf('limit crossed', limits) },
    { weight: 1, arbitrary: leaf('null', () => fc.constant(null)) },
    { weight: 1, arbitrary: leaf('huge string', () => huge) },
    {
      weight: 3,
      arbitrary: anyValue.length
        ? fc
            .constantFrom(...anyValue)
            .chain((path) =>
              fc
                .tuple(validAlong(schema, vocabulary, path), deep)
                .map(([json, d]) => asBody('deep value', setAt(json, path, d))),
            )
        : leaf('deep value', () => deepAny),
    },
    {
      weight: 2,
      arbitrary: object('missing field', (value, o) =>
        o.schema.required?.length
          ? fc.constantFrom(...o.schema.required).map((k) => setAt(value, [...o.path, k], undefined))
          : fc.constant(value),
      ),
    },
    {
      weight: 2,
      arbitrary: object('extra field', (value, o) =>
        fc
          .tuple(
            fc.oneof(
              fc.constantFrom(
                '__proto__',
                'constructor',
                'prototype',
                'id',
                'workspaceId',
                'admin',
                'isAdmin',
                'level',
              ),
              fc.string({ maxLength: 12 }),
            ),
            fc.jsonValue({ maxDepth: 1 }),
          )
          .map(([k, v]) => setAt(value, [...o.path, k], v as Json)),
      ),
    },
    {
      weight: 1,
      arbitrary: valid.map(
        (json): Body => ({
          kind: 'prototype pollution',
          bytes: JSON.stringify(json).replace(
            /^\{/,
            '{"__proto__":{"admin":true,"level":"master"},"constructor":{"prototype":{"admin":true}},',
          ),
          contentType: JSON_TYPE,
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Json>([], null, 0, 'text', true, [{}]).map((json) => asBody('not an object', json)),
    },
    {
      weight: 1,
      arbitrary: raw(
        'malformed JSON',
        fc.constantFrom(
          '{',
          '{"a":',
          '{a:1}',
          "{'a':1}",
          '{"a":1,}',
          '[1,]',
          'NaN',
          '{"a":NaN}',
          '{"a":01}',
          '/* c */ {}',
          '\ufeff{}',
          '{"a":1}{"a":2}',
          '{"a":1} trailing',
          '{"a":"\\x41"}',
          '{"a":"\\ud800"}',
          '{"a":"\u0000"}',
          '"\\u0000"',
        ),
      ),
    },
    { weight: 1, arbitrary: raw('empty body', fc.constant('')) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xf5, 0x80, 0x80, 0x80]))
        .map(
          ([json, bad]): Body => ({
            kind: 'invalid UTF-8',
            bytes: withBytes(JSON.stringify(json), bad),
            contentType: JSON_TYPE,
          }),
        ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(8_000, 200_000).map(
        (depth): Body => ({
          kind: 'deeply nested body',
          bytes: depth > 10_000 ? deepJson(depth, 'array') : `{"x":${deepJson(depth, 'object')}}`,
          contentType: JSON_TYPE,
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constant<Body>({
        kind: 'body above the limit',
        bytes: `{"x":"${'a'.repeat(maxBodyBytes)}"}`,
        contentType: JSON_TYPE,
      }),
    },
    {
      weight: 2,
      arbitrary: valid.chain((json) =>
        fc
          .constantFrom(
            null,
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/jsonp',
            'json',
            'application/json; charset=utf-16',
            'APPLICATION/JSON',
            'application/merge-patch+json',
            'text/json',
          )
          .map((contentType): Body => ({ kind: 'content type', bytes: JSON.stringify(json), contentType })),
      ),
    },
  );
}

/** A body for a route that reads raw bytes (a file upload) or reads none: bytes of every kind, under every content type. */
export function rawBody(): fc.Arbitrary<Body> {
  return fc.oneof(
    fc
      .uint8Array({ maxLength: 64 })
      .map((bytes): Body => ({ kind: 'bytes', bytes, contentType: 'application/octet-stream' })),
    fc
      .tuple(
        fc.string({ maxLength: 64 }),
        fc.constantFrom(
          null,
          'text/plain',
          'application/json',
          'image/png',
          'text/html; charset=utf-8',
          '',
          'bogus',
          'a/b/c',
          'text/plain\u00e9',
          'x'.repeat(300),
        ),
      )
      .map(([text, contentType]): Body => ({ kind: 'text', bytes: text, contentType })),
    fc
      .constantFrom(...NASTY_STRINGS)
      .map((text): Body => ({ kind: 'injection string', bytes: text, contentType: 'text/plain' })),
  );
}

/** A path parameter: a known id (to get past the lookup), an unknown one, or something hostile. */
export function pathParam(known: readonly string[]): fc.Arbitrary<{ kind: string; value: string }> {
  const tag = (kind: string) => (value: string) => ({ kind, value });
  return fc.oneof(
    ...(known.length ? [{ weight: 8, arbitrary: fc.constantFrom(...known).map(tag('known id')) }] : []),
    { weight: 2, arbitrary: fc.constantFrom(...UNKNOWN_IDS).map(tag('unknown id')) },
    {
      weight: 2,
      arbitrary: nasty
        .filter((s) => s.length > 0)
        .map(encode)
        .map(tag('injection string')),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '..',
          '%2e%2e',
          '..%2f..%2f',
          '%00',
          '%',
          '%zz',
          '%ff%fe',
          '%c0%af',
          '%ed%a0%80',
          'a%2Fb',
          '%20',
          'x'.repeat(5_000),
        )
        .map(tag('raw segment')),
    },
    {
      weight: 1,
      arbitrary: fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }).map(encode).map(tag('random')),
    },
  );
}

/** A query string: none, known parameter names with good and bad values, unknown names, broken encodings. */
export function queryString(
  names: readonly string[],
  known: (name: string) => readonly string[],
): fc.Arbitrary<string> {
  const value = (name: string) =>
    fc.oneof(
      ...(known(name).length ? [fc.constantFrom(...known(name))] : []),
      fc
        .constantFrom(
          '',
          '0',
          '-1',
          '1',
          '100',
          '101',
          '1000',
          '1001',
          '1.5',
          '1e9',
          'NaN',
          'true',
          'false',
          'yes',
          '2026-01-01',
          '2026-13-45',
          'root',
          'open',
        )
        .map(encode),
      nasty.map(encode),
      fc.constantFrom('%', '%zz', '%ff%fe', '%00', '%E0%A4%A', 'a&b=c', 'x'.repeat(3_000)),
    );
  const pair = fc
    .oneof(
      names.length ? fc.constantFrom(...names) : fc.constant('q'),
      fc.constantFrom(
        '__proto__',
        'constructor',
        'q',
        'page_size',
        'limit',
        'cursor',
        'continuation_token',
        'from',
        'to',
        'before',
        'format',
        'everywhere',
        'status',
        'folderId',
        'type',
        'x%00',
      ),
    )
    .chain((name) => value(name).map((v) => `${name}=${v}`));
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant('') },
    { weight: 5, arbitrary: fc.array(pair, { minLength: 1, maxLength: 4 }).map((pairs) => `?${pairs.join('&')}`) },
    { weight: 1, arbitrary: fc.constantFrom('?', '?&&', '?=', '?a', '?a=1&a=2&a=3', `?${'a=1&'.repeat(500)}`) },
  );
}

/** Extra request headers: none, or request-id, origin, If-Match, accept and cookie garbage. */
export function extraHeaders(): fc.Arbitrary<Record<string, string>> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.constant({}) },
    {
      weight: 2,
      arbitrary: fc.dictionary(
        fc.constantFrom(
          'x-request-id',
          'if-match',
          'if-none-match',
          'accept',
          'origin',
          'x-forwarded-for',
          'accept-language',
          'range',
          'x-http-method-override',
        ),
        fc.oneof(
          fc.constantFrom(
            '*',
            '"0"',
            'W/"1"',
            '"garbage"',
            'null',
            'https://evil.example',
            'DELETE',
            'bytes=0-1',
            'x'.repeat(10_000),
            'trace-42',
            '../../x',
            'é',
          ),
          fc.string({ maxLength: 20, unit: 'binary-ascii' }).map((s) => s.replace(/[\r\n\0]/g, '')),
        ),
        { maxKeys: 3 },
      ),
    },
  );
}
