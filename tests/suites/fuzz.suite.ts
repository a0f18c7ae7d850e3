/**
 * Bad input, everywhere (issue 9): every route of the app — read from the Hono app itself and
 * checked against /openapi.json — gets fast-check generated requests from every kind of caller:
 * valid-shaped and broken bodies (from the zod schemas each route declares: worker/routes/declare.ts),
 * hostile path and query parameters (the declared query parameters among them) and
 * headers. For every request: never a 5xx; every 4xx is `{ code, message, requestId }` (with
 * `field` naming the input a schema violation blames); every rejected request leaves the
 * database byte-for-byte as it was (tests/suites/db-dump.ts).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { createApp } from '../../worker/app.ts';
import { firstUnstorable, MAX_JSON_BODY_BYTES, MAX_JSON_DEPTH } from '../../worker/middleware/json-body.ts';
import { ERROR_STATUS } from '../../worker/errors.ts';
import { apiKeys } from '../../db/authz/schema.ts';
import { people, workspaces } from '../../db/identity/schema.ts';
import { createSession, SESSION_COOKIE } from '../../worker/auth/session.ts';
import type { Harness } from './harness.ts';
import { ADMIN_KEY, Api, TEST_TUPLES, type EdgeHarness } from './openfga-harness.ts';
import { dumpDiff, dumpTables, tablesOf, type Dump } from './db-dump.ts';
import {
  deepJson,
  extraHeaders,
  jsonBody,
  pathParam,
  queryString,
  rawBody,
  type Body,
  type Json,
  type Schema,
  type Vocabulary,
} from './fuzz-inputs.ts';

/** Generated requests per route (besides the few that learn its body schema), by method; a store's run may scale them. */
const RUNS: Record<string, number> = { GET: 6, DELETE: 6, POST: 12, PUT: 12, PATCH: 12 };

type Route = { method: string; path: string; params: string[]; edge: boolean };
type Caller =
  | 'anonymous'
  | 'session'
  | 'session without CSRF token'
  | 'person API key'
  | 'operator key'
  | 'store API key'
  | 'forged credentials';
type Case = {
  route: Route;
  caller: Caller;
  forged: Record<string, string>;
  params: { name: string; kind: string; value: string }[];
  query: string;
  body: Body | null;
  headers: Record<string, string>;
};
type Fixture = 'session' | 'person key' | 'store';
type Sent = { c: Case; send: () => Promise<Response> };
type Shape = { schema: Schema; resolve: (ref: string) => Schema };
type ErrorJson = { code?: unknown; message?: unknown; requestId?: unknown; field?: unknown };

const app = createApp(() => {
  throw new Error('routes only');
});

/** The JSON body schema a route declares (worker/routes/declare.ts), by `METHOD /path/:param`. */
const bodySchemas = new Map(
  app.openAPIRegistry.definitions.flatMap((d) => {
    const media = d.type === 'route' ? d.route.request?.body?.content?.['application/json'] : undefined;
    const schema = media && 'schema' in media ? media.schema : undefined;
    return d.type === 'route' && schema
      ? [[`${d.route.method.toUpperCase()} ${d.route.path.replace(/\{(\w+)\}/g, ':$1')}`, schema as z.ZodType] as const]
      : [];
  }),
);

/** The edge API (API keys) rather than the workspace API (sessions). */
const isEdge = (path: string) => !path.startsWith('/api/') && !['/openapi.json', '/docs'].includes(path);

/** The routes of the app as Hono registered them (method + path), middleware left out. */
export function appRoutes(): { method: string; path: string }[] {
  const seen = new Set<string>();
  return app.routes
    .filter((r) => r.method !== 'ALL' && !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`))
    .map(({ method, path }) => ({ method, path }));
}

const describeCase = (c: Case, url: string) =>
  `${c.route.method} ${url.length > 300 ? `${url.slice(0, 300)}…` : url} as ${c.caller}${Object.keys(c.headers).length ? ` with ${JSON.stringify(c.headers).slice(0, 200)}` : ''}; body: ${c.body ? `${c.body.kind} (${c.body.contentType}) ${typeof c.body.bytes === 'string' ? c.body.bytes.slice(0, 300) : `${c.body.bytes.length} bytes`}` : 'none'}`;

const singular = (w: string) => (w === 'people' ? 'person' : w.replace(/ies$/, 'y').replace(/s$/, ''));
const ALIASES: Record<string, string> = {
  person: 'people',
  member: 'people',
  authorization_model: 'authz_models',
  show: 'events',
};

/** The tables whose ids a path parameter or body field probably names, from its words (`/api/days/:id` → show_days). */
function tablesFor(words: string[], tables: readonly string[]): string[] {
  const forms = words.flatMap((w) => {
    const word = w.toLowerCase().replaceAll('-', '_');
    return [word, singular(word), `${singular(word)}s`, ...(ALIASES[singular(word)] ? [ALIASES[singular(word)]!] : [])];
  });
  return tables.filter((t) => forms.some((f) => f && (t === f || t.endsWith(`_${f}`) || t.startsWith(`${f}_`))));
}

/** `scale`: the share of RUNS this store's run sends (each run is bounded in time). */
export function fuzzSuite(harness: Harness, scale = 1): void {
  const runs = (route: { method: string }) => Math.max(3, Math.round(RUNS[route.method]! * scale));
  const routes: Route[] = appRoutes().map((r) => ({
    ...r,
    params: [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!),
    edge: isEdge(r.path),
  }));
  const tried = new Map<string, number>();
  const stats = {
    sent: 0,
    rejected: 0,
    verifiedUnchanged: 0,
    resent: 0,
    resentAccepted: 0,
    accepted: 0,
    byStatus: new Map<number, number>(),
  };

  describe(`Bad input on ${harness.store}`, () => {
    const api = new Api(harness as unknown as EdgeHarness, ADMIN_KEY);
    const fixtures = {
      cookie: '',
      csrf: '',
      personKey: '',
      personKeyId: '',
      storeId: '',
      modelId: '',
      storeKey: '',
      storeKeyId: '',
    };
    let openapi: {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { schema: Schema }> };
            parameters?: { name: string; in: string; schema: Schema }[];
          }
        >
      >;
      components: { schemas: Record<string, Schema> };
    };
    let protectedIds = new Set<string>();
    let ids = new Map<string, string[]>();
    let baseline: Dump | null = null;
    let pending: Sent[] = [];
    let acceptedInGroup = false;
    const refresh = new Set<Fixture>();
    let poolsStale = false;
    /** Who gets as far as a route's JSON body (its validator runs after authentication, before the handler). */
    const bodyCaller = (route: Route): Caller => (route.edge ? 'operator key' : 'session');

    /** A session for ana, the master user, made as sign-in makes it (not through sign-in: its password hash costs ~0.3 s in workerd). */
    async function signIn(): Promise<void> {
      const [ana] = await harness.db.db.select().from(people).where(eq(people.id, 'per_ana'));
      const made = await createSession(harness.db, ana!, Date.now());
      Object.assign(fixtures, { cookie: `${SESSION_COOKIE}=${made.token}`, csrf: made.csrfToken });
    }

    /** Ana's session, sync's API key and the edge API's store with its key: made (again, after a fuzzed sign-out or deletion). */
    async function ensureFixtures(which: ReadonlySet<Fixture>): Promise<void> {
      if (
        which.has('session') &&
        (!fixtures.cookie ||
          (await harness.request('/api/session', { headers: { cookie: fixtures.cookie } })).status !== 200)
      )
        await signIn();
      if (
        which.has('person key') &&
        (!fixtures.personKey ||
          (await harness.request('/api/session', { headers: { authorization: `Bearer ${fixtures.personKey}` } }))
            .status !== 200)
      ) {
        // sync is the one person with REST API access (R25); only a master user makes a key for someone else.
        const response = await harness.request('/api/api-keys', {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: fixtures.cookie, 'x-csrf-token': fixtures.csrf },
          body: JSON.stringify({ name: 'fuzz', personId: 'per_sync' }),
        });
        if (response.status !== 201)
          throw new Error(`no API key for sync: ${response.status} ${await response.text()}`);
        const made = (await response.json()) as { id: string; key: string };
        Object.assign(fixtures, { personKey: made.key, personKeyId: made.id });
      }
      if (
        which.has('store') &&
        (!fixtures.storeKey ||
          (await api.as(fixtures.storeKey).call('GET', `/stores/${fixtures.storeId}`)).status !== 200)
      ) {
        if (!fixtures.storeId || (await api.call('GET', `/stores/${fixtures.storeId}`)).status !== 200) {
          const { storeId, modelId } = await api.newStore('fuzz');
          await api.ok('POST', `/stores/${storeId}/write`, { writes: { tuple_keys: TEST_TUPLES } });
          Object.assign(fixtures, { storeId, modelId });
        }
        const key = await api.newKey(fixtures.storeId, 'write');
        // Using a key records `last_used_at` at most once a minute, whether or not the request is then refused:
        // marked used an hour ahead, the key's bookkeeping stays out of the checked requests.
        await harness.db.db
          .update(apiKeys)
          .set({ lastUsedAt: Date.now() + 3_600_000 })
          .where(eq(apiKeys.id, key.id));
        Object.assign(fixtures, { storeKey: key.key, storeKeyId: key.id });
      }
      protectedIds = new Set([
        fixtures.personKeyId,
        fixtures.storeKeyId,
        'per_ana',
        'per_sync',
        ...(await harness.db.db.select({ id: workspaces.id, storeId: workspaces.storeId }).from(workspaces)).flatMap(
          (w) => [w.id, w.storeId ?? ''],
        ),
      ]);
      await refreshPools();
      baseline = null;
      refresh.clear();
    }

    async function refreshPools(): Promise<void> {
      ids = await idsByTable();
      poolsStale = false;
    }

    /** Up to 40 ids of every table with an `id` column, less the fuzz callers' own (the master, her keys, the workspace's store). */
    async function idsByTable(): Promise<Map<string, string[]>> {
      const tables = [...(await tablesOf(harness.db)).tables]
        .filter(([, t]) => t.columns.includes('id'))
        .map(([name]) => name);
      const [row] = await harness.db.db.all<Record<string, string>>(
        sql.raw(
          `SELECT ${tables.map((t) => `(SELECT json_group_array(id) FROM (SELECT id FROM "${t}" ORDER BY rowid LIMIT 40)) AS "${t}"`).join(', ')}`,
        ),
      );
      return new Map(
        tables.map((t) => [
          t,
          (JSON.parse(row?.[t] ?? '[]') as unknown[]).map(String).filter((id) => !protectedIds.has(id)),
        ]),
      );
    }

    /** Existing ids for a path parameter: the edge API's store for `:store_id`, else by its name and the segment before it. */
    function paramPool(route: Route, name: string): string[] {
      return name === 'store_id'
        ? [fixtures.storeId]
        : knownFor([name.replace(/_?[iI]d$/, ''), segmentBefore(route.path, name)]);
    }

    function knownFor(words: string[]): string[] {
      return tablesFor(words, [...ids.keys()]).flatMap((t) => ids.get(t) ?? []);
    }

    /** Values the generators draw on for a body member, query parameter or path parameter of this name. */
    function vocabulary(route: Route, resolve: (ref: string) => Schema): Vocabulary {
      // The edge API's store holds TEST_TUPLES: its users, relations and objects make checks and writes that mean something.
      const tuples = TEST_TUPLES as { user: string; relation: string; object: string }[];
      const objects = [...tuples.map((t) => t.object), ...tuples.map((t) => t.user.split('#')[0]!)];
      const edge: Record<string, string[]> = {
        user: tuples.map((t) => t.user),
        relation: [...tuples.map((t) => t.relation), 'can_read'],
        object: tuples.map((t) => t.object),
        type: objects.map((o) => o.split(':')[0]!),
        id: objects.map((o) => o.split(':')[1]!),
        name: ['viewer', 'can_read', 'owner'],
        authorization_model_id: [fixtures.modelId],
      };
      // Whole tuples: stored ones (to read, check and delete) and new ones (a fresh user each time, so a write is not a duplicate).
      const fresh = fc
        .tuple(
          fc.nat(),
          fc.constantFrom<Record<string, Json>>(
            { relation: 'editor', object: 'document:budget', condition: { name: 'before_noon', context: { hour: 9 } } },
            { relation: 'editor', object: 'document:setlist', condition: { name: 'before_noon' } },
            { relation: 'viewer', object: 'folder:tour' },
          ),
        )
        .map(([n, t]): Json => ({ user: `user:fuzz${n}`, ...t }));
      const examples: Record<string, fc.Arbitrary<Json>> = {
        tuple_key: fc.oneof(fc.constantFrom(...(TEST_TUPLES as Json[])), fresh),
        condition: fc.constant({ name: 'before_noon', context: { hour: 9 } }),
        context: fc.constantFrom<Json>({ hour: 9 }, { hour: 15 }),
      };
      return {
        resolve,
        examples: (key) => (route.edge && Object.hasOwn(examples, key) ? examples[key] : undefined),
        known: (key) =>
          (route.edge && Object.hasOwn(edge, key) ? edge[key]! : undefined) ??
          (/(?:Id|_id|Ids)$/.test(key) ? knownFor([key.replace(/(?:_id|Ids?)$/, '')]) : []),
      };
    }

    /** `$ref`s point into the OpenAPI document's components, or into the `$defs` zod wrote beside a schema. */
    function resolver(defs: Record<string, Schema>): (ref: string) => Schema {
      return (ref) => {
        const found = defs[ref.split('/').at(-1)!];
        if (!found) throw new Error(`no schema ${ref}`);
        return found;
      };
    }

    function callerHeaders(c: Case): Record<string, string> {
      switch (c.caller) {
        case 'anonymous':
          return {};
        case 'session':
          return { cookie: fixtures.cookie, ...(c.route.method === 'GET' ? {} : { 'x-csrf-token': fixtures.csrf }) };
        case 'session without CSRF token':
          return { cookie: fixtures.cookie };
        case 'person API key':
          return { authorization: `Bearer ${fixtures.personKey}` };
        case 'operator key':
          return { authorization: `Bearer ${ADMIN_KEY}` };
        case 'store API key':
          return { authorization: `Bearer ${fixtures.storeKey}` };
        case 'forged credentials':
          return c.forged;
      }
    }

    function request(c: Case): { url: string; send: () => Promise<Response> } {
      const byName = new Map(c.params.map((p) => [p.name, p.value]));
      const url = c.route.path.replace(/:(\w+)/g, (_, name: string) => byName.get(name)!) + c.query;
      const headers: Record<string, string> = { ...c.headers, ...callerHeaders(c) };
      if (c.body?.contentType) headers['content-type'] = c.body.contentType;
      return {
        url,
        send: () =>
          harness.request(url, {
            method: c.route.method,
            headers,
            ...(c.body ? { body: c.body.bytes as BodyInit } : {}),
          }),
      };
    }

    /** The body as worker/middleware/json-body.ts reads it, for a route that declares a JSON body: none when it is not JSON (or too large to be read). */
    function parsedBody(c: Case): { value: unknown } | undefined {
      if (!bodySchemas.has(`${c.route.method} ${c.route.path}`) || !c.body || typeof c.body.bytes !== 'string')
        return undefined;
      if (
        !/^application\/(?:[\w.+-]+\+)?json\b/i.test(c.body.contentType ?? '') ||
        new TextEncoder().encode(c.body.bytes).length > MAX_JSON_BODY_BYTES
      )
        return undefined;
      try {
        return { value: JSON.parse(c.body.bytes) };
      } catch {
        return undefined;
      }
    }

    /**
     * The `field` a schema violation must name: the first issue zod finds in this body, when the
     * body alone is to blame (existing ids, no query, no extra headers, a caller who gets as far as the body).
     */
    function expectedField(c: Case): string | undefined {
      const parsed = parsedBody(c);
      if (
        !parsed ||
        c.caller !== bodyCaller(c.route) ||
        c.query ||
        Object.keys(c.headers).length ||
        c.params.some((p) => p.kind !== 'known id')
      )
        return undefined;
      const result = bodySchemas.get(`${c.route.method} ${c.route.path}`)!.safeParse(parsed.value);
      return result.success || result.error.issues[0]!.path.length === 0
        ? undefined
        : result.error.issues[0]!.path.map(String).join('.');
    }

    /** Never a 5xx; a 4xx is `{ code, message, requestId }` (and `field` for the input to blame). */
    async function checkResponse(c: Case, url: string, response: Response): Promise<ErrorJson> {
      const what = describeCase(c, url);
      const text = await response.text();
      stats.byStatus.set(response.status, (stats.byStatus.get(response.status) ?? 0) + 1);
      expect(response.status, `${what} → ${response.status} ${text.slice(0, 300)}`).toBeLessThan(500);
      if (response.status < 400) {
        // Nesting beyond the limit, lone surrogates and U+0000 are never let through (stores cannot keep them as sent).
        const parsed = parsedBody(c);
        expect(
          parsed && firstUnstorable(parsed.value)?.problem,
          `${what} → ${response.status}: let through`,
        ).toBeFalsy();
        return {};
      }
      let body: ErrorJson = {};
      try {
        body = JSON.parse(text) as ErrorJson;
      } catch {
        expect.fail(`${what} → ${response.status} is not JSON: ${text.slice(0, 300)}`);
      }
      expect(response.headers.get('content-type'), what).toMatch(/^application\/json/);
      expect(Object.keys(ERROR_STATUS), `${what} → code ${String(body.code)}`).toContain(body.code);
      expect(ERROR_STATUS[body.code as keyof typeof ERROR_STATUS], `${what} → ${text}`).toBe(response.status);
      expect(typeof body.message === 'string' && body.message.length > 0, `${what} → message in ${text}`).toBe(true);
      expect(body.requestId, `${what} → requestId in ${text}`).toEqual(expect.any(String));
      expect(body.requestId, `${what} → requestId ${String(body.requestId)} vs X-Request-ID`).toBe(
        response.headers.get('x-request-id'),
      );
      if (body.field !== undefined)
        expect(body.field, `${what} → field in ${text}`).toEqual(expect.stringMatching(/./));
      // the name may itself hold a backtick (a record key): up to the backtick that the colon follows
      const named = /^field `(.+?)`: /s.exec(String(body.message))?.[1];
      if (named) expect(body.field, `${what} → ${text}`).toBe(named);
      const expected = expectedField(c);
      if (expected && body.code === 'validation_error')
        expect(body.field, `${what} → ${text}: the schema blames \`${expected}\``).toBe(expected);
      return body;
    }

    /** Sends a rejected request of a group again, alone: the dump after it must equal the one before. */
    async function alone({ c, send }: Sent): Promise<void> {
      const before = baseline!;
      const response = await send();
      stats.resent++;
      const url = request(c).url;
      await checkResponse(c, url, response);
      baseline = await dumpTables(harness.db);
      if (response.status < 400) {
        stats.resentAccepted++;
        return;
      }
      expect(dumpDiff(before, baseline), `${describeCase(c, url)} → ${response.status} changed the database`).toEqual(
        [],
      );
      stats.verifiedUnchanged++;
    }

    /**
     * Closes a group: one dump proves that none of its rejected requests changed anything. When
     * the database did change and a request of the group was let through (it may have written),
     * each rejected one is sent again alone; rejected requests alone must not change it at all.
     * `afterWrite`: a write was just let through; what it changed is the new baseline.
     */
    async function settle(afterWrite = false): Promise<void> {
      if (!pending.length && !afterWrite) return;
      const after = await dumpTables(harness.db);
      const changed = dumpDiff(baseline!, after);
      const group = pending;
      const mixed = acceptedInGroup || afterWrite;
      pending = [];
      acceptedInGroup = false;
      baseline = after;
      if (changed.length === 0) {
        stats.verifiedUnchanged += group.length;
        return;
      }
      for (const sent of group) await alone(sent);
      if (!mixed)
        expect.fail(
          `rejected requests changed the database: ${changed.join('; ')}\n${group.map(({ c }) => describeCase(c, request(c).url)).join('\n')}`,
        );
    }

    /** Likely to be let through and write: sent after closing the group, so a group seldom needs sending again. */
    const likelyWrite = (c: Case) =>
      c.route.method !== 'GET' &&
      ['session', 'operator key', 'store API key'].includes(c.caller) &&
      c.params.every((p) => p.kind === 'known id') &&
      (!c.body || ['valid-shaped', 'bytes', 'text'].includes(c.body.kind));

    async function run(c: Case): Promise<{ status: number; error: ErrorJson }> {
      if (refresh.size) {
        await settle();
        await ensureFixtures(refresh);
      }
      if (likelyWrite(c)) await settle();
      baseline ??= await dumpTables(harness.db);
      const { url, send } = request(c);
      const response = await send();
      stats.sent++;
      tried.set(`${c.route.method} ${c.route.path}`, (tried.get(`${c.route.method} ${c.route.path}`) ?? 0) + 1);
      const answer = { status: response.status, error: await checkResponse(c, url, response) };
      if (response.status >= 400) {
        stats.rejected++;
        pending.push({ c, send });
        // A credential that stopped working (a fuzzed sign-out or revocation) is made again before the next request.
        if (response.status === 401 && c.route.edge && c.caller === 'store API key') refresh.add('store');
        if (response.status === 401 && !c.route.edge && c.route.path !== '/api/session') {
          if (c.caller === 'session') refresh.add('session');
          if (c.caller === 'person API key') refresh.add('person key');
        }
        return answer;
      }
      stats.accepted++;
      if (c.route.method === 'GET') {
        acceptedInGroup = true;
        return answer;
      }
      poolsStale = true;
      // A sign-out, or the edge API's store or a key of it deleted: made again before the next request.
      if (c.route.method === 'DELETE' && c.route.path === '/api/session') refresh.add('session');
      if (c.route.method === 'DELETE' && c.route.path.startsWith('/stores/')) refresh.add('store');
      await settle(true);
      return answer;
    }

    function caseFor(route: Route, shape: Shape | undefined): fc.Arbitrary<Case> {
      const v = vocabulary(route, shape?.resolve ?? resolver({}));
      const weights: [Caller, number][] = route.edge
        ? [
            ['operator key', 6],
            ['store API key', 3],
            ['anonymous', 1],
            ['forged credentials', 1],
            ['session', 1],
          ]
        : [
            ['session', 7],
            ['person API key', 2],
            ['session without CSRF token', 1],
            ['anonymous', 1],
            ['forged credentials', 1],
            ['operator key', 1],
          ];
      const caller = fc.oneof(...weights.map(([c, weight]) => ({ weight, arbitrary: fc.constant(c) })));
      const forged = fc.oneof(
        fc
          .string({ minLength: 1, maxLength: 60, unit: 'binary-ascii' })
          .map((s) => ({ cookie: `laminate_session=${s.replace(/[;\r\n\0]/g, '')}` })),
        fc
          .constantFrom(
            `Bearer ${ADMIN_KEY}x`,
            'Bearer lam_0000000000000000000000000000000000000000',
            'Basic YW5hOmxhbWluYXRlLWRlbW8=',
            'Bearer',
            `Bearer ${'x'.repeat(5_000)}`,
            `bearer  ${ADMIN_KEY.toUpperCase()}`,
          )
          .map((authorization) => ({ authorization })),
        fc.constant({ cookie: `${fixtures.cookie}x`, 'x-csrf-token': fixtures.csrf }),
      );
      const params = fc.tuple(
        ...route.params.map((name) => pathParam(paramPool(route, name)).map((p) => ({ name, ...p }))),
      );
      const operation = openapi.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      const queryNames = (operation?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const query = queryString(queryNames, (name) => v.known(name));
      const takesBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
      const body: fc.Arbitrary<Body | null> = !takesBody
        ? fc.constant(null)
        : shape
          ? jsonBody(shape.schema, v, MAX_JSON_BODY_BYTES)
          : rawBody();
      // Printed short when fast-check reports a failing group (bodies can be a megabyte).
      return fc
        .record({ route: fc.constant(route), caller, forged, params, query, body, headers: extraHeaders() })
        .map((c) => Object.assign(c, { [fc.toStringMethod]: () => describeCase(c, request(c).url) }));
    }

    /** The JSON Schema of the route's body, from the zod schema its declaration names. */
    function bodySchema(route: Route): Shape | undefined {
      const zod = bodySchemas.get(`${route.method} ${route.path}`);
      if (!zod) return undefined;
      const json = z.toJSONSchema(zod, { io: 'input', unrepresentable: 'any' }) as Schema & {
        $defs?: Record<string, Schema>;
      };
      return { schema: json, resolve: resolver(json.$defs ?? {}) };
    }

    beforeAll(async () => {
      openapi = (await (await harness.request('/openapi.json')).json()) as typeof openapi;
      await ensureFixtures(new Set(['session', 'person key', 'store']));
    }, 60_000);

    afterAll(() => {
      const statuses = [...stats.byStatus.entries()]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ');
      console.log(
        `fuzz on ${harness.store}: ${stats.sent} inputs over ${tried.size} endpoints; ${stats.accepted} accepted, ${stats.rejected} rejected (${stats.verifiedUnchanged} proven to leave the database unchanged, ${stats.resent} re-sent alone); statuses ${statuses}`,
      );
    });

    it('Bad input: /openapi.json documents every route of the app, and nothing else', () => {
      const documented = Object.entries(openapi.paths).flatMap(([path, item]) =>
        Object.keys(item).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      );
      const registered = routes.map((r) => `${r.method} ${r.path}`);
      expect(
        documented.filter((op) => !registered.includes(op)),
        'documented but not routed',
      ).toEqual([]);
      expect(
        registered.filter((op) => !documented.includes(op)),
        'routed but not documented',
      ).toEqual([]);
      expect(routes.length).toBeGreaterThan(100);
    });

    for (const route of routes) {
      it(`Bad input: ${route.method} ${route.path} — never a 5xx, every 4xx { code, message, requestId }, a rejected request changes nothing`, async () => {
        if (poolsStale) await refreshPools();
        const shape = bodySchema(route);
        await fc.assert(
          fc.asyncProperty(caseFor(route, shape), async (c) => void (await run(c))),
          { numRuns: runs(route), endOnFailure: true },
        );
        await settle();
      });
    }

    /** One request, checked as every fuzzed one is (the database unchanged when it is refused): its status and error body. */
    async function sendOne(route: string, caller: Caller, body: string): Promise<{ status: number; error: ErrorJson }> {
      const [method, path] = route.split(' ') as [string, string];
      const found = routes.find((r) => r.method === method && r.path === path)!;
      const params = found.params.map((name) => ({
        name,
        kind: 'known id',
        value: name === 'store_id' ? fixtures.storeId : paramPool(found, name)[0]!,
      }));
      const answer = await run({
        route: found,
        caller,
        forged: {},
        params,
        query: '',
        headers: {},
        body: { kind: 'regression', bytes: body, contentType: 'application/json' },
      });
      await settle();
      return answer;
    }

    it('Bad input: a condition context nested 5,000 deep is a 400 naming it, not a 500 (the fuzz suite found a RangeError)', async () => {
      const answer = await sendOne(
        'POST /stores/:store_id/write',
        'operator key',
        `{"writes":{"tuple_keys":[{"user":"user:deep","relation":"editor","object":"document:budget","condition":{"name":"before_noon","context":${deepJson(5_000, 'object')}}}]}}`,
      );
      expect(answer.status).toBe(400);
      expect(answer.error.field).toEqual(expect.stringMatching(/^writes\.tuple_keys\.0\.condition\.context(?:\.a)+$/));
      expect(answer.error.message).toContain(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    });

    it(`Bad input: a body nested ${MAX_JSON_DEPTH} levels deep is read, one level more is refused naming the field`, async () => {
      // subject.properties.x is 3 levels; each {"a": …} one more
      const evaluation = (depth: number) =>
        `{"subject":{"type":"user","id":"ana","properties":{"x":${deepJson(depth - 3, 'object')}}},"action":{"name":"can_read"},"resource":{"type":"document","id":"setlist"}}`;
      expect(
        (await sendOne('POST /stores/:store_id/access/v1/evaluation', 'operator key', evaluation(MAX_JSON_DEPTH)))
          .status,
      ).toBe(200);
      const deeper = await sendOne(
        'POST /stores/:store_id/access/v1/evaluation',
        'operator key',
        evaluation(MAX_JSON_DEPTH + 1),
      );
      expect(deeper.status).toBe(400);
      expect(deeper.error.field).toBe(`subject.properties.x${'.a'.repeat(MAX_JSON_DEPTH - 2)}`);
    });

    it('Bad input: a lone surrogate or U+0000 in a text is refused naming the field (D1 stored "\\ud800" as three U+FFFD, libSQL cut a title at NUL)', async () => {
      for (const title of ['a\\ud800b', 'a\\udfffb', 'a\\u0000b']) {
        const answer = await sendOne('POST /api/tasks', 'session', `{"title":"${title}"}`);
        expect(answer, title).toMatchObject({ status: 400, error: { code: 'validation_error', field: 'title' } });
      }
      const key = await sendOne(
        'POST /stores/:store_id/access/v1/evaluation',
        'operator key',
        '{"subject":{"type":"user","id":"ana","properties":{"\\ud800":1}},"action":{"name":"can_read"},"resource":{"type":"document","id":"setlist"}}',
      );
      expect(key).toMatchObject({ status: 400, error: { field: 'subject.properties.\ud800' } });
      // paired surrogates are one character: an emoji is kept
      expect((await sendOne('POST /api/tasks', 'session', '{"title":"a\\ud83c\\udfb8b"}')).status).toBe(201);
    });

    it('Bad input: every route was fuzzed, and every input was checked', () => {
      const short = routes
        .filter((r) => (tried.get(`${r.method} ${r.path}`) ?? 0) < runs(r))
        .map((r) => `${r.method} ${r.path}`);
      expect(short, 'routes with fewer inputs than planned').toEqual([]);
      expect(stats.sent).toBeGreaterThanOrEqual(routes.reduce((n, r) => n + runs(r), 0));
      // Each rejected request was proven to leave the database unchanged, in its group or re-sent alone (unless then accepted).
      expect(stats.verifiedUnchanged + stats.resentAccepted).toBe(stats.rejected);
      expect(stats.rejected).toBeGreaterThan(stats.sent / 2);
    });
  });
}

function segmentBefore(path: string, param: string): string {
  const parts = path.split('/');
  const i = parts.indexOf(`:${param}`);
  return parts[i - 1] ?? '';
}
