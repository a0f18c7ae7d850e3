/**
 * Arranging people tests: a fresh person with a given level, groups, settings and role, written
 * the way the API writes them (row and tuples in one batch), so tests never share mutable
 * demo people. Plus small assertions on the error shape.
 */
import { expect } from 'vitest';
import { people, type PersonLevel, roleAssignments } from '../../db/identity/schema.ts';
import { tupleWriteStatements } from '../../db/authz/tuple-write-statements.ts';
import type { PersonSettingKey } from '../../model/catalogue.ts';
import { assignmentTuples, membershipTuples, settingTuples, type TupleKey } from '../../model/tuples.ts';
import { personFacts } from '../../worker/people/facts.ts';
import { hashPassword } from '../../worker/auth/password.ts';
import { storeIdOf } from './arrange.ts';
import { Client, type Harness } from './harness.ts';

export const PASSWORD = 'laminate-demo';
const WS = 'ws_northline';
let counter = 0;
let hash: Promise<string> | undefined;

export type NewPerson = {
  level?: PersonLevel;
  outletId?: string | null;
  groups?: string[];
  /** Every new person lands in the Default group (R20); false leaves them out of it. */
  defaultGroup?: boolean;
  settings?: PersonSettingKey[];
  /** Role id at workspace scope (or `[roleId, scopeType, scopeId]`). */
  role?: string | [string, 'workspace' | 'outlet' | 'artist' | 'event', string];
  hiredAt?: number | null;
  resignedAt?: number | null;
  extraTuples?: (id: string) => TupleKey[];
};

/** A new person in Northline; returns their id and email. */
export async function makePerson(
  harness: Harness,
  label: string,
  p: NewPerson = {},
): Promise<{ id: string; email: string }> {
  const id = `per_t${Date.now().toString(36)}${(counter++).toString(36)}_${label}`;
  const email = `${id}@test.northline.test`;
  const level = p.level ?? 'normal';
  const now = Date.now();
  const row = {
    id,
    workspaceId: WS,
    name: `Test ${label}`,
    email,
    title: label,
    level,
    outletId: p.outletId ?? null,
    passwordHash: await (hash ??= hashPassword(PASSWORD)),
    hiredAt: p.hiredAt ?? null,
    resignedAt: p.resignedAt ?? null,
    failedSignIns: 0,
    createdAt: now,
  };
  const tuples: TupleKey[] = personFacts(WS, { id, level, hiredAt: row.hiredAt, resignedAt: row.resignedAt });
  if (level === 'outlet_admin' && p.outletId)
    tuples.push({ object: `outlet:${p.outletId}`, relation: 'admin', user: `user:${id}` });
  for (const g of [...(p.defaultGroup === false ? [] : ['grp_default']), ...(p.groups ?? [])])
    tuples.push(...membershipTuples(g, id));
  tuples.push(...settingTuples(WS, id, p.settings ?? []));
  tuples.push(...(p.extraTuples?.(id) ?? []));
  const db = harness.db.db;
  const statements = [db.insert(people).values(row)];
  if (p.role) {
    const [roleId, scopeType, scopeId] = typeof p.role === 'string' ? [p.role, 'workspace' as const, WS] : p.role;
    const a = { id: `as_${id}`, workspaceId: WS, roleId, personId: id, scopeType, scopeId, createdAt: now };
    statements.push(db.insert(roleAssignments).values(a) as never);
    tuples.push(...assignmentTuples(WS, a));
  }
  const all = [
    ...statements,
    ...tupleWriteStatements(db, await storeIdOf(harness), { writes: tuples, deletes: [] }, now),
  ];
  await harness.db.batch(all as [(typeof all)[0], ...typeof all]);
  return { id, email };
}

/** Signs someone in (a demo name or an email) and returns the client. */
export async function signedIn(harness: Harness, who: string, password = PASSWORD): Promise<Client> {
  const client = new Client(harness);
  const response = await client.signIn(who.includes('@') ? who : `${who}@northline.test`, password);
  expect(response.status, `${who} signs in: ${response.status === 201 ? '' : await response.clone().text()}`).toBe(201);
  return client;
}

export type ErrorBody = { code: string; message: string; requestId: string; field?: string };

export async function expectError(
  response: Response,
  status: number,
  code?: string,
  message?: RegExp,
): Promise<ErrorBody> {
  const body = (await response.json()) as ErrorBody;
  expect(response.status, JSON.stringify(body)).toBe(status);
  if (code) expect(body.code).toBe(code);
  if (message) expect(body.message).toMatch(message);
  return body;
}

export async function json<T = Record<string, unknown>>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return (text ? JSON.parse(text) : {}) as T;
}

export type Endpoint = { method: string; path: string; body?: unknown };

/**
 * Every endpoint's security test (STYLE 7): no session → 401; a person of another workspace
 * naming this workspace's ids → 404, never 403 (R1); a person without the permission → `denied`.
 * `outsider` is left out for collection routes, which name no id (their R1 test is that a list
 * holds only the reader's workspace).
 */
export async function expectSecured(
  harness: Harness,
  endpoint: Endpoint,
  who: { outsider?: Client; unprivileged: Client; denied: 403 | 404 },
): Promise<void> {
  const label = `${endpoint.method} ${endpoint.path}`;
  const anonymous = await new Client(harness).json(endpoint.method, endpoint.path, endpoint.body);
  expect(anonymous.status, `${label} without a session`).toBe(401);
  if (who.outsider) {
    const other = await who.outsider.json(endpoint.method, endpoint.path, endpoint.body);
    expect(other.status, `${label} from another workspace: ${await other.clone().text()}`).toBe(404);
  }
  const lacking = await who.unprivileged.json(endpoint.method, endpoint.path, endpoint.body);
  expect(lacking.status, `${label} without the permission: ${await lacking.clone().text()}`).toBe(who.denied);
}
