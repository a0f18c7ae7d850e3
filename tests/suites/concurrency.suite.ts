/**
 * Concurrent edits (issue 9): two admins editing the same role, person or folder/file access at
 * the same moment — one wins, the other gets 409 with the state it lost to and changes nothing,
 * and its retry on that state keeps both changes. And bursts of tuple writes to one store,
 * through the OpenFGA API and through workspace writes: every request lands whole or not at all,
 * the change log's revisions run without gap or repeat, and replaying the log gives exactly the
 * stored tuples.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, gt, max } from 'drizzle-orm';
import { authzChanges, authzStores, authzTuples } from '../../db/authz/schema.ts';
import { people, activityLog } from '../../db/identity/schema.ts';
import { fromRow } from '../../db/authz/codec.ts';
import type { Store } from '../../db/store.ts';
import { storeIdOf } from './arrange.ts';
import type { Client, Harness } from './harness.ts';
import { Api, type EdgeHarness } from './openfga-harness.ts';
import { json, makePerson, signedIn } from './people-arrange.ts';
import { upload } from './collab-client.ts';
import type { WriteGate } from './write-gate.ts';

type Conflict<T> = { code: string; message: string; requestId: string; current: T };
type Role = { id: string; revision: number; permissions: string[] };
type PersonView = { id: string; title: string | null; resignedAt: string | null; status: string; revision: number };
type PersonAccess = { person: PersonView; settings: string[] };
type Grant = { person: string; level: 'view' | 'edit' | 'manage' };
type AccessEntry = { person?: { id: string }; level: string; inheritedFrom?: unknown };
type Access = { revision: number; entries: AccessEntry[] };

let n = 0;
const unique = (label: string) => `${label} ${Date.now().toString(36)}${n++}`;

/**
 * Sends both at once, their writes held until both have read (`gate`); expects exactly one 200
 * and one 409 whose body is the conflict shape (`requestId` matching the response's) and whose
 * ETag is the winner's. Returns which won.
 */
async function race<T>(
  gate: WriteGate,
  a: () => Promise<Response>,
  b: () => Promise<Response>,
): Promise<{ winner: 0 | 1; won: Response; conflict: Conflict<T>; etag: string }> {
  const [ra, rb] = (await held(gate, [a, b])) as [Response, Response];
  expect([ra.status, rb.status].sort(), `${await ra.clone().text()} | ${await rb.clone().text()}`).toEqual([200, 409]);
  const winner = ra.status === 200 ? 0 : 1;
  const [won, lost] = winner === 0 ? [ra, rb] : [rb, ra];
  const conflict = (await lost.json()) as Conflict<T>;
  expect(conflict).toMatchObject({ code: 'conflict', message: expect.stringMatching(/changed since you read it/) });
  expect(conflict.requestId).toBe(lost.headers.get('x-request-id'));
  expect(lost.headers.get('etag')).toBe(won.headers.get('etag'));
  return { winner, won, conflict, etag: lost.headers.get('etag')! };
}

/** Sends all at once, every write held until all of them have read (write-gate.ts). */
async function held(gate: WriteGate, sends: (() => Promise<Response>)[]): Promise<Response[]> {
  gate.hold(sends.length);
  const responses = await Promise.all(sends.map((send) => send()));
  expect(gate.timedOut, 'every request reached its write').toBe(false);
  return responses;
}

const entriesOf = (db: Store, subject: string) =>
  db.db
    .select({ action: activityLog.action })
    .from(activityLog)
    .where(eq(activityLog.subject, subject))
    .orderBy(asc(activityLog.seq));
const ownGrants = (access: Access): Grant[] =>
  access.entries
    .filter((e) => !e.inheritedFrom && e.person)
    .map((e) => ({ person: e.person!.id, level: e.level as Grant['level'] }));
const grantKeys = (access: Access) =>
  ownGrants(access)
    .map((g) => `${g.person}:${g.level}`)
    .sort();

// --- the change log -----------------------------------------------------------------------

type LoggedChange = { seq: number; revision: number; operation: 'write' | 'delete'; key: string };

async function logOf(db: Store, storeId: string, afterSeq = 0): Promise<LoggedChange[]> {
  const rows = await db.db
    .select()
    .from(authzChanges)
    .where(and(eq(authzChanges.storeId, storeId), gt(authzChanges.seq, afterSeq)))
    .orderBy(asc(authzChanges.seq));
  return rows.map((r) => ({
    seq: r.seq,
    revision: r.revision,
    operation: r.operation,
    key: `${r.objectType}:${r.objectId}#${r.relation}@${r.user}`,
  }));
}

async function storedKeys(db: Store, storeId: string): Promise<Set<string>> {
  const rows = await db.db.select().from(authzTuples).where(eq(authzTuples.storeId, storeId));
  return new Set(rows.map((r) => fromRow(r)).map((t) => `${t.object}#${t.relation}@${t.user}`));
}

async function snapshot(db: Store, storeId: string) {
  const [store] = await db.db
    .select({ revision: authzStores.revision, tupleCount: authzStores.tupleCount })
    .from(authzStores)
    .where(eq(authzStores.id, storeId));
  const [last] = await db.db
    .select({ seq: max(authzChanges.seq) })
    .from(authzChanges)
    .where(eq(authzChanges.storeId, storeId));
  return {
    revision: store!.revision,
    tupleCount: store!.tupleCount,
    seq: last?.seq ?? 0,
    tuples: await storedKeys(db, storeId),
  };
}

/**
 * The log after `before` is gap-free (revisions before.revision+1 … now, each one batch's
 * contiguous run), never writes a tuple that is there or deletes one that is not, and replays
 * `before`'s tuples into exactly the stored ones. Returns the batches, by revision.
 */
async function expectLogAgrees(
  db: Store,
  storeId: string,
  before: Awaited<ReturnType<typeof snapshot>>,
): Promise<Map<number, string[]>> {
  const after = await snapshot(db, storeId);
  const log = await logOf(db, storeId, before.seq);
  const revisions = log.map((c) => c.revision);
  expect(revisions, 'each batch is one contiguous run, in revision order').toEqual(
    [...revisions].sort((a, b) => a - b),
  );
  const distinct = [...new Set(revisions)];
  expect(distinct, 'revisions run without gap or repeat').toEqual(
    Array.from({ length: after.revision - before.revision }, (_, i) => before.revision + 1 + i),
  );
  const replayed = new Set(before.tuples);
  const batches = new Map<number, string[]>();
  for (const change of log) {
    if (change.operation === 'write') {
      expect(replayed.has(change.key), `revision ${change.revision} writes ${change.key}, which is already there`).toBe(
        false,
      );
      replayed.add(change.key);
    } else {
      expect(replayed.has(change.key), `revision ${change.revision} deletes ${change.key}, which is not there`).toBe(
        true,
      );
      replayed.delete(change.key);
    }
    batches.set(change.revision, [...(batches.get(change.revision) ?? []), `${change.operation} ${change.key}`]);
  }
  expect([...replayed].sort(), 'replaying the log gives the stored tuples').toEqual([...after.tuples].sort());
  expect(after.tupleCount - before.tupleCount, 'the store counts what it holds').toBe(
    after.tuples.size - before.tuples.size,
  );
  return batches;
}

/**
 * Concurrent edits and writes (issue 9), on D1 and libSQL. `edgeDb` is the edge API's database;
 * `gate` sits in front of the app's write batches of both harnesses (write-gate.ts).
 */
export function concurrencySuite(harness: Harness, edge: EdgeHarness, edgeDb: Store, gate: WriteGate): void {
  describe(`concurrent edits on ${harness.store}`, () => {
    let ana: Client;
    let boss: Client;
    let bossId: string;
    beforeAll(async () => {
      ana = await signedIn(harness, 'ana');
      const second = await makePerson(harness, 'boss', { level: 'master' });
      bossId = second.id;
      boss = await signedIn(harness, second.email);
    });

    it("R10: two admins edit the same role from one ETag: one 200, one 409 with the winner's role; the loser's retry keeps both changes", async () => {
      const created = await ana.json('POST', '/api/roles', { name: unique('Runner'), permissions: ['view_holds'] });
      const role = await json<Role>(created, 201);
      const etag = created.headers.get('etag')!;
      const additions = ['view_rehearsals', 'view_performances'] as const;
      const edit = (who: Client, add: string, tag: string, base: string[]) =>
        who.json('PATCH', `/api/roles/${role.id}`, { permissions: [...base, add] }, { 'if-match': tag });
      const {
        winner,
        won,
        conflict,
        etag: now,
      } = await race<Role>(
        gate,
        () => edit(ana, additions[0], etag, role.permissions),
        () => edit(boss, additions[1], etag, role.permissions),
      );
      expect(now).toBe('"r2"');
      const winning = (await json<Role>(won)).permissions;
      expect(winning).toEqual(['view_holds', additions[winner]].sort());
      expect(conflict.current).toMatchObject({ id: role.id, revision: 2, permissions: winning });
      // nothing of the loser landed: the role, its tuples and the log hold the winner's change only
      expect((await json<Role>(await ana.get(`/api/roles/${role.id}`))).permissions).toEqual(winning);
      expect((await entriesOf(harness.db, `role:${role.id}`)).map((e) => e.action)).toEqual([
        'role_created',
        'role_changed',
      ]);
      // the loser applies its change to the current state and sends it again
      const retry = await edit(winner === 0 ? boss : ana, additions[1 - winner]!, now, conflict.current.permissions);
      expect(retry.headers.get('etag')).toBe('"r3"');
      expect((await json<Role>(retry)).permissions).toEqual(['view_holds', ...additions].sort());
    });

    it("R3, R4: two admins edit the same person from one ETag: one 200, one 409 with the person's access now; the retry keeps both", async () => {
      const p = await makePerson(harness, 'raced');
      const got = await ana.get(`/api/people/${p.id}`);
      const etag = got.headers.get('etag')!;
      expect(etag).toBe('"r1"');
      expect((await json<PersonView>(got)).revision).toBe(1);
      expect((await ana.get(`/api/people/${p.id}/access`)).headers.get('etag')).toBe(etag);
      const changes = [{ title: 'Stage manager' }, { resignedAt: '2099-12-31' }];
      const {
        winner,
        conflict,
        etag: now,
      } = await race<PersonAccess>(
        gate,
        () => ana.json('PATCH', `/api/people/${p.id}`, changes[0], { 'if-match': etag }),
        () => boss.json('PATCH', `/api/people/${p.id}`, changes[1], { 'if-match': etag }),
      );
      expect(now).toBe('"r2"');
      const [row] = await harness.db.db.select().from(people).where(eq(people.id, p.id));
      if (winner === 0) {
        expect([row!.title, row!.resignedAt, conflict.current.person.title]).toEqual([
          'Stage manager',
          null,
          'Stage manager',
        ]);
      } else {
        expect(row!.title).toBe('raced');
        expect(row!.resignedAt).not.toBeNull();
        expect(conflict.current.person.resignedAt).not.toBeNull();
      }
      expect(conflict.current.person.revision).toBe(2);
      expect((await entriesOf(harness.db, `person:${p.id}`)).filter((e) => e.action === 'person_changed')).toHaveLength(
        1,
      );
      const retry = await (winner === 0 ? boss : ana).json('PATCH', `/api/people/${p.id}`, changes[1 - winner], {
        'if-match': now,
      });
      expect(retry.headers.get('etag')).toBe('"r3"');
      const final = await json<PersonView>(await ana.get(`/api/people/${p.id}`));
      expect(final).toMatchObject({ title: 'Stage manager', revision: 3 });
      expect(final.resignedAt).toMatch(/^2099-12-3/);
    });

    it("R13, R23: two admins replace the same person's settings from one ETag: the loser gets the winner's list and its retry adds to it", async () => {
      const p = await makePerson(harness, 'settings');
      const etag = (await ana.get(`/api/people/${p.id}/access`)).headers.get('etag')!;
      const wanted = ['tasks_unassigned', 'export_access'];
      const {
        winner,
        conflict,
        etag: now,
      } = await race<PersonAccess>(
        gate,
        () => ana.json('PUT', `/api/people/${p.id}/settings`, { settings: [wanted[0]] }, { 'if-match': etag }),
        () => boss.json('PUT', `/api/people/${p.id}/settings`, { settings: [wanted[1]] }, { 'if-match': etag }),
      );
      expect(conflict.current.settings).toEqual([wanted[winner]]);
      const retry = await (winner === 0 ? boss : ana).json(
        'PUT',
        `/api/people/${p.id}/settings`,
        { settings: [...conflict.current.settings, wanted[1 - winner]] },
        { 'if-match': now },
      );
      expect(retry.headers.get('etag')).toBe('"r3"');
      expect(await json(retry)).toEqual({ settings: [...wanted].sort() });
      expect((await json<PersonAccess>(await ana.get(`/api/people/${p.id}/access`))).settings.sort()).toEqual(
        [...wanted].sort(),
      );
    });

    it("R5: a lockout between an admin's read and write makes the write stale: 409 with the person locked, nothing changed", async () => {
      const p = await makePerson(harness, 'lockout');
      const etag = (await ana.get(`/api/people/${p.id}`)).headers.get('etag')!;
      await harness.db.db.update(people).set({ failedSignIns: 4 }).where(eq(people.id, p.id));
      const them = await harness.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: p.email, password: 'wrong password' }),
      });
      expect(them.status).toBe(401);
      const stale = await ana.json('PATCH', `/api/people/${p.id}`, { title: 'Lighting' }, { 'if-match': etag });
      const body = await json<Conflict<PersonAccess>>(stale, 409);
      expect(body.current.person).toMatchObject({ status: 'locked', title: 'lockout', revision: 2 });
      expect(stale.headers.get('etag')).toBe('"r2"');
    });

    it('R5: a reinstatement sent with a stale If-Match is refused (409, still resigned); sent again with the new ETag it lands', async () => {
      const p = await makePerson(harness, 'resigned', { resignedAt: Date.now() - 86_400_000 });
      const etag = (await ana.get(`/api/people/${p.id}`)).headers.get('etag')!;
      await json(await boss.json('PATCH', `/api/people/${p.id}`, { title: 'Former rigger' }, { 'if-match': etag }));
      const stale = await ana.json('POST', `/api/people/${p.id}/reinstate`, undefined, { 'if-match': etag });
      const body = await json<Conflict<PersonAccess>>(stale, 409);
      expect(body.current.person).toMatchObject({ status: 'resigned', title: 'Former rigger', revision: 2 });
      expect((await entriesOf(harness.db, `person:${p.id}`)).map((e) => e.action)).toEqual(['person_changed']);
      const again = await ana.json('POST', `/api/people/${p.id}/reinstate`, undefined, {
        'if-match': stale.headers.get('etag')!,
      });
      expect((await json<{ person: PersonView }>(again)).person).toMatchObject({
        status: 'active',
        title: 'Former rigger',
        revision: 3,
      });
    });

    it("R22: two admins change the same folder's access from one ETag: one 200, one 409 with the winner's list; the retry keeps both", async () => {
      const folder = (
        await json<{ folder: { id: string } }>(
          await ana.json('POST', '/api/folders', {
            name: unique('Raced'),
            access: [{ person: bossId, level: 'manage' }],
          }),
          201,
        )
      ).folder;
      const got = await ana.get(`/api/folders/${folder.id}/access`);
      const etag = got.headers.get('etag')!;
      const start = await json<Access>(got);
      expect([etag, start.revision]).toEqual(['"r1"', 1]);
      const added: Grant[] = [
        { person: 'per_cara', level: 'view' },
        { person: 'per_dev', level: 'edit' },
      ];
      const put = (who: Client, base: Access, grant: Grant, tag: string) =>
        who.json(
          'PUT',
          `/api/folders/${folder.id}/access`,
          { access: [...ownGrants(base), grant] },
          { 'if-match': tag },
        );
      const {
        winner,
        won,
        conflict,
        etag: now,
      } = await race<Access>(
        gate,
        () => put(ana, start, added[0]!, etag),
        () => put(boss, start, added[1]!, etag),
      );
      const winning = grantKeys(await json<Access>(won));
      expect(winning).toContain(`${added[winner]!.person}:${added[winner]!.level}`);
      expect(grantKeys(conflict.current)).toEqual(winning);
      expect(conflict.current.revision).toBe(2);
      expect(grantKeys(await json<Access>(await ana.get(`/api/folders/${folder.id}/access`)))).toEqual(winning);
      expect((await entriesOf(harness.db, `folder:${folder.id}`)).map((e) => e.action)).toEqual(['access_changed']);
      const retry = await put(winner === 0 ? boss : ana, conflict.current, added[1 - winner]!, now);
      expect(retry.headers.get('etag')).toBe('"r3"');
      const final = grantKeys(await json<Access>(retry));
      for (const g of added) expect(final).toContain(`${g.person}:${g.level}`);
    });

    it("R22: a file's access sent with a stale If-Match is refused with 409 and the current list, and changes nothing", async () => {
      const folder = (
        await json<{ folder: { id: string } }>(await ana.json('POST', '/api/folders', { name: unique('Files') }), 201)
      ).folder;
      const file = (
        await json<{ file: { id: string } }>(
          await upload(ana, 'POST', `/api/files?folderId=${folder.id}&name=stale.pdf`, '%PDF stale'),
          201,
        )
      ).file;
      const got = await ana.get(`/api/files/${file.id}/access`);
      const etag = got.headers.get('etag')!;
      const first = await ana.json(
        'PUT',
        `/api/files/${file.id}/access`,
        { access: [...ownGrants(await json<Access>(got)), { person: 'per_cara', level: 'view' }] },
        { 'if-match': etag },
      );
      const now = grantKeys(await json<Access>(first));
      const stale = await boss.json('PUT', `/api/files/${file.id}/access`, { access: [] }, { 'if-match': etag });
      const body = await json<Conflict<Access>>(stale, 409);
      expect([grantKeys(body.current), body.current.revision, stale.headers.get('etag')]).toEqual([now, 2, '"r2"']);
      expect(grantKeys(await json<Access>(await ana.get(`/api/files/${file.id}/access`)))).toEqual(now);
      expect(await entriesOf(harness.db, `file:${file.id}`)).toHaveLength(1);
    });

    it('R8: without If-Match, seven edits of one person that all read it before any writes: the revision guard in SQL lets exactly one land, six get 409, nothing lost', async () => {
      const p = await makePerson(harness, 'noetag');
      const titles = Array.from({ length: 6 }, (_, i) => ({ title: `Title ${i}` }));
      const responses = await held(gate, [
        ...titles.map((t, i) => () => (i % 2 ? boss : ana).json('PATCH', `/api/people/${p.id}`, t)),
        () => ana.json('PATCH', `/api/people/${p.id}`, { resignedAt: '2099-06-30' }),
      ]);
      for (const r of responses) expect([200, 409], await r.clone().text()).toContain(r.status);
      // a read-then-check in JavaScript would let all seven land, each overwriting the row with what it read
      expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
      const final = await json<PersonView>(await ana.get(`/api/people/${p.id}`));
      expect(final.revision).toBe(2);
      const winner = responses.findIndex((r) => r.status === 200);
      if (winner < titles.length) expect([final.title, final.resignedAt]).toEqual([titles[winner]!.title, null]);
      else expect([final.title, final.resignedAt]).toEqual(['noetag', expect.stringMatching(/^2099-06-/)]);
      expect((await entriesOf(harness.db, `person:${p.id}`)).filter((e) => e.action === 'person_changed')).toHaveLength(
        1,
      );
    });
  });

  describe(`bursts of tuple writes to one store on ${harness.store}`, () => {
    it('R8: 20 concurrent OpenFGA writes to one store: each lands whole or fails cleanly; revisions 1..R without gap or repeat; the log replays into exactly the stored tuples', async () => {
      const admin = new Api(edge);
      const { storeId } = await admin.newStore('burst');
      const pre = Array.from({ length: 10 }, (_, k) => ({
        user: `user:p${k}`,
        relation: 'viewer',
        object: 'document:pre',
      }));
      await admin.ok('POST', `/stores/${storeId}/write`, { writes: { tuple_keys: pre } });
      const hot = { user: 'user:race', relation: 'blocked', object: 'document:hot' };
      const bodies = Array.from({ length: 20 }, (_, i) => {
        const own = { user: `user:w${i}`, relation: 'viewer', object: `document:c${i}` };
        return i < 10
          ? { writes: { tuple_keys: [own] }, deletes: { tuple_keys: [pre[i]!] } }
          : { writes: { tuple_keys: [hot, own] } };
      });
      const responses = await held(
        gate,
        bodies.map((b) => () => admin.call('POST', `/stores/${storeId}/write`, b)),
      );
      for (const [i, r] of responses.entries()) {
        if (r.status === 200) continue;
        expect(i, 'only the writes of the one contested tuple may fail').toBeGreaterThanOrEqual(10);
        expect([400, 409]).toContain(r.status);
        const error = (await r.json()) as { code: string; message: string; requestId: string };
        expect(typeof error.message).toBe('string');
        expect(error.requestId).toBe(r.headers.get('x-request-id'));
      }
      const landed = responses.map((r, i) => (r.status === 200 ? i : -1)).filter((i) => i >= 0);
      expect(landed.filter((i) => i < 10)).toHaveLength(10);
      expect(
        landed.filter((i) => i >= 10),
        'the contested tuple is written once',
      ).toHaveLength(1);

      const empty = { revision: 0, tupleCount: 0, seq: 0, tuples: new Set<string>() };
      const batches = await expectLogAgrees(edgeDb, storeId, empty);
      const key = (t: { user: string; relation: string; object: string }) => `${t.object}#${t.relation}@${t.user}`;
      const expected = [
        pre.map((t) => `write ${key(t)}`),
        ...landed.map((i) => [
          ...(bodies[i]!.deletes?.tuple_keys ?? []).map((t) => `delete ${key(t)}`),
          ...bodies[i]!.writes.tuple_keys.map((t) => `write ${key(t)}`),
        ]),
      ];
      expect([...batches.values()].map((b) => [...b].sort()).sort(), 'each revision is exactly one request').toEqual(
        expected.map((b) => [...b].sort()).sort(),
      );

      // what a poller reads through /changes is the same log, in the same order
      const polled: string[] = [];
      for (let token = ''; ; ) {
        const page = await admin.ok<{
          changes: { tuple_key: { user: string; relation: string; object: string }; operation: string }[];
          continuation_token: string;
        }>(
          'GET',
          `/stores/${storeId}/changes?page_size=100${token ? `&continuation_token=${encodeURIComponent(token)}` : ''}`,
        );
        if (!page.changes.length) break;
        polled.push(
          ...page.changes.map(
            (c) => `${c.operation === 'TUPLE_OPERATION_WRITE' ? 'write' : 'delete'} ${key(c.tuple_key)}`,
          ),
        );
        token = page.continuation_token;
      }
      expect(polled).toEqual((await logOf(edgeDb, storeId)).map((c) => `${c.operation} ${c.key}`));
    });

    it('R8, R22: 20 concurrent workspace writes (folders, access races, settings, dates): rows and tuples land together, the log stays gap-free and replays into the store', async () => {
      const ana = await signedIn(harness, 'ana');
      const boss = await signedIn(harness, (await makePerson(harness, 'burst-admin', { level: 'master' })).email);
      const storeId = await storeIdOf(harness);
      const contested = await Promise.all(
        [0, 1].map(
          async (i) =>
            (
              await json<{ folder: { id: string } }>(
                await ana.json('POST', '/api/folders', { name: unique(`Contested ${i}`) }),
                201,
              )
            ).folder.id,
        ),
      );
      const etags = await Promise.all(
        contested.map(async (id) => (await ana.get(`/api/folders/${id}/access`)).headers.get('etag')!),
      );
      const targets = await Promise.all(Array.from({ length: 8 }, (_, i) => makePerson(harness, `burst${i}`)));
      const before = await snapshot(harness.db, storeId);

      const created = Array.from(
        { length: 6 },
        (_, i) => () => ana.json('POST', '/api/folders', { name: unique(`Burst ${i}`) }),
      );
      const access = contested.flatMap((id, f) =>
        ['per_cara', 'per_dev', 'per_eli'].map(
          (person, i) => () =>
            (i === 1 ? boss : ana).json(
              'PUT',
              `/api/folders/${id}/access`,
              {
                access: [
                  { person: 'per_ana', level: 'manage' },
                  { person, level: 'view' },
                ],
              },
              { 'if-match': etags[f]! },
            ),
        ),
      );
      const settings = targets
        .slice(0, 4)
        .map(
          (p, i) => () =>
            (i % 2 ? boss : ana).json('PUT', `/api/people/${p.id}/settings`, { settings: ['tasks_unassigned'] }),
        );
      const dates = targets
        .slice(4)
        .map((p, i) => () => (i % 2 ? ana : boss).json('PATCH', `/api/people/${p.id}`, { resignedAt: '2099-01-31' }));
      const all = [...created, ...access, ...settings, ...dates];
      expect(all).toHaveLength(20);
      const responses = await held(gate, all);
      const statuses = responses.map((r) => r.status);
      expect(statuses.slice(0, 6)).toEqual(Array(6).fill(201));
      for (const contest of [statuses.slice(6, 9), statuses.slice(9, 12)])
        expect(contest.sort()).toEqual([200, 409, 409]);
      expect(statuses.slice(12)).toEqual(Array(8).fill(200));

      const batches = await expectLogAgrees(harness.db, storeId, before);
      // one revision per write that changed tuples: 6 folders, 2 access winners, 4 settings, 4 dates
      expect(batches.size).toBe(16);
      for (const id of contested)
        expect((await entriesOf(harness.db, `folder:${id}`)).map((e) => e.action)).toEqual(['access_changed']);
    });
  });
}
