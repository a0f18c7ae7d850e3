/**
 * The edge API from a test's side: a harness that reaches the app (in-process on either store,
 * plus a base URL of a real HTTP server where one runs, for `@openfga/sdk`), a small JSON client
 * with a bearer key, and the test model.
 */
import { compactLoadSettled } from '../../worker/authz/compact-load.ts';
import { parseModel, type AuthorizationModel, type TupleKey } from '../../functions/index.ts';

export const ADMIN_KEY = 'test-admin-key';

export interface EdgeHarness {
  readonly store: 'd1' | 'libsql';
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Writes tuples straight into the database, as another isolate or process would. */
  writeDirect(storeId: string, writes: TupleKey[], deletes: TupleKey[]): Promise<void>;
  /** Deletes the store's change-log rows up to `revision` (a log pruned past what a snapshot needs). */
  pruneChanges(storeId: string, revision: number): Promise<void>;
  /** A store with a model and tuples loaded through the repositories (`seedStore`), as benchmarks do. */
  seed(model: AuthorizationModel, tuples: TupleKey[]): Promise<{ storeId: string; modelId: string }>;
}

export type ErrorBody = { code: string; message: string; requestId: string; field?: string };

export class Api {
  constructor(
    readonly harness: EdgeHarness,
    /** null: send no Authorization header */
    readonly key: string | null = ADMIN_KEY,
  ) {}

  as(key: string | null): Api {
    return new Api(this.harness, key);
  }

  call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const all: Record<string, string> = { ...headers };
    if (this.key !== null) all.authorization = `Bearer ${this.key}`;
    if (body !== undefined) all['content-type'] ??= 'application/json';
    return this.harness.request(path, {
      method,
      headers: all,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  }

  async ok<T = Record<string, unknown>>(method: string, path: string, body?: unknown, status = 200): Promise<T> {
    const response = await this.call(method, path, body);
    const text = await response.text();
    if (response.status !== status)
      throw new Error(`${method} ${path}: expected ${status}, got ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** A new store with the test model written; returns its id and model id. */
  async newStore(name = 'test', dsl = TEST_MODEL): Promise<{ storeId: string; modelId: string }> {
    const { id } = await this.ok<{ id: string }>('POST', '/stores', { name }, 201);
    const { authorization_model_id } = await this.ok<{ authorization_model_id: string }>(
      'POST',
      `/stores/${id}/authorization-models`,
      modelJson(dsl),
      201,
    );
    return { storeId: id, modelId: authorization_model_id };
  }

  async newKey(storeId: string, access: 'read' | 'write'): Promise<{ id: string; key: string }> {
    return this.as(ADMIN_KEY).ok<{ id: string; key: string }>(
      'POST',
      `/stores/${storeId}/api-keys`,
      { name: `${access} key`, access },
      201,
    );
  }
}

export const TEST_MODEL = `model
  schema 1.1
type user
type group
  relations
    define member: [user, group#member]
type folder
  relations
    define owner: [user]
    define viewer: [user, user:*, group#member] or owner
type document
  relations
    define parent: [folder]
    define owner: [user]
    define editor: [user, user with before_noon] or owner
    define viewer: [user, group#member] or editor or viewer from parent
    define blocked: [user]
    define can_read: viewer but not blocked
condition before_noon(hour: int) {
  hour < 12
}
`;

export function modelJson(dsl: string): AuthorizationModel {
  const parsed = parseModel(dsl);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.model;
}

/** The tuples every query test starts from. */
export const TEST_TUPLES = [
  { user: 'user:ben', relation: 'member', object: 'group:crew' },
  { user: 'group:crew#member', relation: 'viewer', object: 'folder:tour' },
  { user: 'folder:tour', relation: 'parent', object: 'document:setlist' },
  { user: 'user:ana', relation: 'owner', object: 'document:setlist' },
  { user: 'user:ana', relation: 'owner', object: 'document:budget' },
  { user: 'user:cara', relation: 'editor', object: 'document:budget', condition: { name: 'before_noon' } },
  { user: 'user:dev', relation: 'viewer', object: 'document:setlist' },
  { user: 'user:dev', relation: 'blocked', object: 'document:setlist' },
  { user: 'user:*', relation: 'viewer', object: 'folder:lobby' },
];

export async function expectError(response: Response, status: number, code?: string): Promise<ErrorBody> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  const body = JSON.parse(text) as ErrorBody;
  if (code !== undefined && body.code !== code)
    throw new Error(`expected code ${code}, got ${body.code}: ${body.message}`);
  if (typeof body.message !== 'string' || body.requestId !== response.headers.get('x-request-id'))
    throw new Error(`bad error shape: ${text}`);
  return body;
}

/**
 * The harness with every request followed by the end of the snapshot loads it started (they run
 * in the background): the next request is answered from the snapshot, so a suite run through
 * this tests the snapshot path rather than the SQL path a request takes while a load is under way.
 */
export function withSettledSnapshots(harness: EdgeHarness): EdgeHarness {
  return {
    ...harness,
    request: async (path, init) => {
      const response = await harness.request(path, init);
      await compactLoadSettled();
      return response;
    },
  };
}
