/**
 * D1 read replication through the Sessions API (issue 17): every request runs in a D1 session
 * that starts at the primary (`first-primary`) unless it carries a consistency token, whose
 * bookmark then starts the session ("any replica that has reached this write"). Local D1 has no
 * replicas, so this proves the plumbing and the promise's logic: the session really starts at the
 * token's bookmark, and a read that follows a write with the write's token sees the write.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import app from '../../worker/index.ts';
import { tokenBookmark, tokenRevision } from '../../worker/authz/consistency.ts';
import { type Client, signedIn, type Harness } from '../suites/harness.ts';
import { d1Store } from '../../db/store.ts';

/** The D1 binding, recording where each request's session starts. */
const starts: (string | undefined)[] = [];
const DB = new Proxy(env.DB, {
  get(target, key) {
    if (key === 'withSession')
      return (start?: string) => {
        starts.push(start);
        return target.withSession(start as D1SessionConstraint);
      };
    const value = Reflect.get(target, key);
    return typeof value === 'function' ? value.bind(target) : value;
  },
});
const harness: Harness = {
  store: 'd1',
  db: d1Store(env.DB),
  request: async (path, init) => app.request(path, init, { ...env, DB }),
};

describe('D1 Sessions API and consistency tokens', () => {
  let ana: Client;
  beforeAll(async () => {
    ana = await signedIn(harness, 'ana');
  });

  it('R8: a request without a token starts its D1 session at the primary', async () => {
    starts.length = 0;
    expect((await ana.get('/api/days')).status).toBe(200);
    expect(starts).toEqual(['first-primary']);
  });

  it('R8: a workspace write answers a token carrying the D1 bookmark; a read sent with it starts at that bookmark and sees the write', async () => {
    const days = (await (await ana.get('/api/days')).json()) as { days: { id: string }[] };
    const day = days.days[0]!.id;
    const written = await ana.json('POST', `/api/days/${day}/schedule`, { label: 'Bookmark check' });
    expect(written.status).toBe(201);
    const token = written.headers.get('laminate-consistency-token');
    expect(token).toMatch(/^lct2\./);
    const bookmark = tokenBookmark(token!);
    expect(bookmark).toBeTruthy();

    starts.length = 0;
    const read = await ana.json('GET', `/api/days/${day}/sheet`, undefined, { 'laminate-consistency-token': token! });
    expect(read.status).toBe(200);
    expect(starts).toEqual([bookmark]);
    const sheet = (await read.json()) as { schedule?: { label: string }[] };
    expect(sheet.schedule?.map((s) => s.label)).toContain('Bookmark check');
  });

  it('R8: an edge write answers an lct2 token; a check sent with it in the header starts at its bookmark and sees the write', async () => {
    const admin = { authorization: 'Bearer test-admin-key', 'content-type': 'application/json' };
    const call = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      harness.request(path, { method: 'POST', headers: { ...admin, ...headers }, body: JSON.stringify(body) });
    const { id: storeId } = (await (await call('/stores', { name: 'sessions' })).json()) as { id: string };
    await call(`/stores/${storeId}/authorization-models`, {
      schema_version: '1.1',
      type_definitions: [
        { type: 'user' },
        {
          type: 'doc',
          relations: { viewer: { this: {} } },
          metadata: { relations: { viewer: { directly_related_user_types: [{ type: 'user' }] } } },
        },
      ],
    });
    const write = await call(`/stores/${storeId}/write`, {
      writes: { tuple_keys: [{ user: 'user:zoe', relation: 'viewer', object: 'doc:1' }] },
    });
    expect(write.status).toBe(200);
    const { consistency_token: token } = (await write.json()) as { consistency_token: string };
    expect(token).toMatch(/^lct2\./);
    starts.length = 0;
    const check = await call(
      `/stores/${storeId}/check`,
      { tuple_key: { user: 'user:zoe', relation: 'viewer', object: 'doc:1' } },
      { 'laminate-consistency-token': token },
    );
    expect(await check.json()).toMatchObject({ allowed: true });
    expect(starts).toEqual([tokenBookmark(token)]);
    // the answer's token names at least the write's revision
    expect(tokenRevision(check.headers.get('laminate-consistency-token')!, storeId)).toBeGreaterThanOrEqual(
      tokenRevision(token, storeId),
    );
  });

  it('R8: an old lct1 token (no bookmark) still reads, from the primary', async () => {
    starts.length = 0;
    const lct1 = `lct1.${btoa('nowhere.1').replaceAll('=', '')}`;
    const read = await ana.json('GET', '/api/days', undefined, { 'laminate-consistency-token': lct1 });
    expect(starts).toEqual(['first-primary']);
    // a token of another store is refused, as before
    expect(read.status).toBe(400);
  });
});
