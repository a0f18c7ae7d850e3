import fc from 'fast-check';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { people, workspaces } from '../../db/identity/schema.ts';
import { DryRunStop } from '../../db/store.ts';
import { NORTHLINE_ID } from '../../db/seed/northline.ts';
import { listObjects, MemoryTupleIndex } from '../../functions/index.ts';
import { allTuplesQuery } from '../../db/authz/tuple-reads.ts';
import { fromRow } from '../../db/authz/codec.ts';
import { loadStoreView } from '../../worker/authz/load.ts';
import { RoundTrips } from '../../worker/authz/meter.ts';
import { TRACKED } from '../../worker/people/impact.ts';
import { dumpDiff, dumpTables } from './db-dump.ts';
import type { Client, Harness } from './harness.ts';
import { json, signedIn } from './people-arrange.ts';

type Item = { type: string; relation: string; objects: { id: string; name: string }[] };
type Preview = {
  dryRun: true;
  changes: { writes: unknown[]; deletes: unknown[] };
  people: { personId: string; name: string; gains: Item[]; losses: Item[]; text: string }[];
  text: string[];
};
type Edit = { method: string; path: string; body?: unknown };

const PEOPLE = ['per_cara', 'per_dev', 'per_eli', 'per_fay', 'per_gus', 'per_hana', 'per_ivan', 'per_ian'];
const EVENTS = ['ev_berlin_1', 'ev_berlin_2', 'ev_hamburg', 'ev_off_hamburg', 'ev_mara_hold_1', 'ev_okoro_rotterdam'];
const ARTISTS = ['art_vellums', 'art_mara', 'art_okoro'];
const GROUPS = ['grp_band', 'grp_crew', 'grp_office', 'grp_press'];
const ROLES = ['role_promoter', 'role_box_office', 'role_team_member_limited'];
const FOLDERS = ['fld_contracts', 'fld_riders', 'fld_passports'];
const PERMS = ['view_performances', 'view_financial', 'view_travel', 'view_tentative_events', 'view_logistics'];

/** A random access edit of the kinds a manager makes on the person page and beside it. */
const edits: fc.Arbitrary<Edit> = fc.oneof(
  fc
    .record({
      p: fc.constantFrom(...PEOPLE),
      r: fc.constantFrom(...ROLES),
      scope: fc.constantFrom(...EVENTS, ...ARTISTS, 'ws'),
    })
    .map(({ p, r, scope }) => ({
      method: 'POST',
      path: `/api/roles/${r}/assignments`,
      body: {
        personId: p,
        scopeType: scope === 'ws' ? 'workspace' : scope.startsWith('ev_') ? 'event' : 'artist',
        scopeId: scope === 'ws' ? NORTHLINE_ID : scope,
      },
    })),
  fc
    .record({
      p: fc.constantFrom(...PEOPLE),
      a: fc.constantFrom(...ARTISTS),
      level: fc.constantFrom('none', 'read_only', 'full', null),
      financial: fc.boolean(),
      socialSync: fc.boolean(),
      travel: fc.boolean(),
    })
    .map(({ p, a, ...body }) => ({ method: 'PUT', path: `/api/people/${p}/artists/${a}`, body })),
  fc
    .record({ p: fc.constantFrom(...PEOPLE), e: fc.constantFrom(...EVENTS), on: fc.boolean() })
    .map(({ p, e, on }) => ({ method: 'PUT', path: `/api/people/${p}/shows/${e}`, body: { on } })),
  fc
    .record({ p: fc.constantFrom(...PEOPLE), g: fc.constantFrom(...GROUPS), add: fc.boolean() })
    .map(({ p, g, add }) =>
      add
        ? { method: 'POST', path: `/api/groups/${g}/members`, body: { personIds: [p] } }
        : { method: 'DELETE', path: `/api/groups/${g}/members/${p}` },
    ),
  fc
    .record({
      f: fc.constantFrom(...FOLDERS),
      grants: fc.uniqueArray(
        fc.record({ who: fc.constantFrom(...PEOPLE, ...GROUPS), level: fc.constantFrom('view', 'edit', 'manage') }),
        { maxLength: 3, selector: (g) => g.who },
      ),
    })
    .map(({ f, grants }) => ({
      method: 'PUT',
      path: `/api/folders/${f}/access`,
      body: {
        access: grants.map((g) =>
          g.who.startsWith('grp_') ? { group: g.who, level: g.level } : { person: g.who, level: g.level },
        ),
      },
    })),
  fc
    .record({ r: fc.constantFrom('role_promoter', 'role_box_office'), perms: fc.subarray(PERMS) })
    .map(({ r, perms }) => ({ method: 'PATCH', path: `/api/roles/${r}`, body: { permissions: perms } })),
  fc
    .record({ p: fc.constantFrom(...PEOPLE), s: fc.subarray(['read_only', 'export_access', 'activity_log_access']) })
    .map(({ p, s }) => ({ method: 'PUT', path: `/api/people/${p}/settings`, body: { settings: s } })),
);

/**
 * Issue 15, the impact preview: `?dryRun=true` on an access write answers who gains and loses
 * what, writes nothing, and is exact — it equals the difference of every person's
 * list-objects before and after the same write is saved.
 */
export function previewSuite(harness: Harness): void {
  describe(`impact preview on ${harness.store}`, () => {
    let ana: Client;
    let storeId: string;
    let everyone: string[];
    beforeAll(async () => {
      ana = await signedIn(harness, 'ana');
      const [ws] = await harness.db.db.select().from(workspaces).where(eq(workspaces.id, NORTHLINE_ID));
      storeId = ws!.storeId!;
      everyone = (
        await harness.db.db.select({ id: people.id }).from(people).where(eq(people.workspaceId, NORTHLINE_ID))
      ).map((p) => p.id);
    });

    /** Every person's list-objects for every tracked (type, relation), through the engine at the store's revision. */
    async function listings(): Promise<Map<string, Set<string>>> {
      // every person of the workspace now (a test above may have added one)
      everyone = (
        await harness.db.db.select({ id: people.id }).from(people).where(eq(people.workspaceId, NORTHLINE_ID))
      ).map((p) => p.id);
      // the model through the app's loader; the tuples as the database holds them now
      const view = await loadStoreView(harness.db, new RoundTrips(), storeId);
      const index = new MemoryTupleIndex();
      for (const row of await allTuplesQuery(harness.db.db, storeId)) index.add(fromRow(row));
      const now = Date.now();
      const context = { current_time: new Date(now).toISOString() };
      const out = new Map<string, Set<string>>();
      for (const person of everyone)
        for (const [type, relation] of TRACKED) {
          const user = `user:${person}`;
          const result = listObjects(view.model, index, { user, relation, type, context, now });
          out.set(`${person} ${type}#${relation}`, new Set(result.objects.map((o) => o.slice(type.length + 1))));
        }
      return out;
    }

    function previewed(preview: Preview, before: Map<string, Set<string>>): Map<string, Set<string>> {
      const expected = new Map([...before].map(([k, v]) => [k, new Set(v)]));
      for (const p of preview.people) {
        for (const g of p.gains)
          for (const o of g.objects) expected.get(`${p.personId} ${g.type}#${g.relation}`)!.add(o.id);
        for (const l of p.losses)
          for (const o of l.objects) expected.get(`${p.personId} ${l.type}#${l.relation}`)!.delete(o.id);
      }
      return expected;
    }

    const sorted = (m: Map<string, Set<string>>) => Object.fromEntries([...m].map(([k, v]) => [k, [...v].sort()]));

    it('issue 15: a preview names the person and what they gain and lose in plain words', async () => {
      const dump = await dumpTables(harness.db);
      const response = await ana.json('PUT', '/api/people/per_fay/shows/ev_hamburg?dryRun=true', { on: false });
      const preview = await json<Preview>(response);
      expect(response.headers.get('laminate-dry-run')).toBe('preview');
      expect(dumpDiff(dump, await dumpTables(harness.db))).toEqual([]);
      const fay = preview.people.find((p) => p.personId === 'per_fay');
      expect(fay?.losses.find((l) => l.type === 'event')?.objects.map((o) => o.id)).toEqual(['ev_hamburg']);
      expect(fay?.text).toMatch(/^Fay Moreau loses .*Hamburg/);
      expect(preview.changes.writes).toEqual([
        { object: 'event:ev_hamburg', relation: 'hidden_from', user: 'user:per_fay' },
      ]);
    });

    it('issue 15: a dry-run store refuses every write itself — a raw insert, update, run or batch — and lets reads through', async () => {
      const dump = await dumpTables(harness.db);
      const dry = harness.db.dryRun();
      const stopped = async (write: Promise<unknown>) => {
        const error = await write.then(
          () => undefined,
          (e: unknown) => e as Error,
        );
        // drizzle wraps a refused single query in its own error, the stop its cause
        expect(error instanceof DryRunStop ? error : error?.cause).toBeInstanceOf(DryRunStop);
      };
      const [ws] = await dry.db.select().from(workspaces).where(eq(workspaces.id, NORTHLINE_ID));
      expect(ws?.id).toBe(NORTHLINE_ID);
      await stopped(dry.db.update(people).set({ name: 'Nobody' }).where(eq(people.workspaceId, NORTHLINE_ID)));
      expect(dry.dry?.stop?.statements[0]).toMatch(/^update "people"/);
      await stopped(
        dry.db.insert(people).values({ ...(await dry.db.select().from(people).limit(1))[0]!, id: 'per_dry_run' }),
      );
      await stopped(dry.db.delete(people).where(eq(people.id, 'per_fay')).returning());
      await stopped(dry.db.run(sql`DELETE FROM people WHERE id = 'per_fay'`));
      await stopped(dry.db.run(sql`WITH gone AS (SELECT 'per_fay' AS id) DELETE FROM people WHERE id IN gone`));
      await stopped(dry.batch([dry.db.select().from(people), dry.db.delete(people).where(eq(people.id, 'per_fay'))]));
      // the raw read path (a warm check's revision read) sends reads only, dry or not
      await expect(dry.readRow("DELETE FROM people WHERE id = 'per_fay'", [])).rejects.toThrow(/reads only/);
      await expect(harness.db.readRow('DELETE FROM people WHERE id = ?', ['per_fay'])).rejects.toThrow(/reads only/);
      expect(Array.from((await dry.readRow('SELECT id FROM people WHERE id = ?', ['per_fay']))!)).toEqual(['per_fay']);
      // what a dry store hands on (a background load's own store) is dry too
      await stopped(dry.forRequest().db.delete(people).where(eq(people.id, 'per_fay')));
      expect(await dry.batch([dry.db.select({ id: people.id }).from(people).where(eq(people.id, 'per_fay'))])).toEqual([
        [{ id: 'per_fay' }],
      ]);
      expect(dumpDiff(dump, await dumpTables(harness.db))).toEqual([]);
      // the real store still writes
      expect(harness.db.dry).toBeUndefined();
    });

    it('R9: a dry run passes the same guards as the write: Ben may not preview a grant he could not make (403, nothing written)', async () => {
      const ben = await signedIn(harness, 'ben');
      const dump = await dumpTables(harness.db);
      const response = await ben.json('PUT', '/api/people/per_fay/artists/art_vellums?dryRun=true', {
        level: 'read_only',
        financial: true,
        socialSync: false,
      });
      expect(response.status).toBe(403);
      expect(dumpDiff(dump, await dumpTables(harness.db))).toEqual([]);
    }, 120_000);

    it('R9: as Ben (Admin: Non-Financial), the Financial flag and the Promoter role (financial permissions) are refused by the API: 403, nothing written; grantable says why beforehand', async () => {
      const ben = await signedIn(harness, 'ben');
      const grantable = await json<{
        roles: { id: string; allowed: boolean; reason: string | null }[];
        artists: { id: string; financial: { allowed: boolean; reason: string | null } }[];
      }>(await ben.get('/api/people/per_dev/grantable'));
      expect(grantable.roles.find((r) => r.id === 'role_promoter')).toMatchObject({ allowed: false });
      expect(grantable.roles.find((r) => r.id === 'role_promoter')?.reason).toMatch(/view_financial/);
      expect(grantable.artists.find((a) => a.id === 'art_vellums')?.financial.allowed).toBe(false);
      const dump = await dumpTables(harness.db);
      const financial = await ben.json('PUT', '/api/people/per_dev/artists/art_vellums', {
        level: 'read_only',
        financial: true,
        socialSync: false,
      });
      expect(financial.status).toBe(403);
      const promoter = await ben.json('POST', '/api/roles/role_promoter/assignments', {
        personId: 'per_dev',
        scopeType: 'event',
        scopeId: 'ev_berlin_1',
      });
      expect(promoter.status).toBe(403);
      expect(dumpDiff(dump, await dumpTables(harness.db))).toEqual([]);
    }, 120_000);

    it('R7: an invitation carries several roles with their scopes; accepting it sets them all up', async () => {
      const email = `multi-${harness.store}@example.test`;
      const sent = await ana.json('POST', '/api/invitations', {
        email,
        name: 'Multi Role',
        access: {
          roles: [
            { roleId: 'role_promoter', scopeType: 'event', scopeId: 'ev_berlin_1' },
            { roleId: 'role_promoter', scopeType: 'event', scopeId: 'ev_berlin_2' },
          ],
          groups: ['grp_press'],
          artists: { art_vellums: { level: 'read_only' } },
        },
      });
      expect(sent.status).toBe(201);
      const outbox = await json<{ messages: { to: string; text: string | null }[] }>(await ana.get('/api/outbox'));
      const token = /\/invite#token=([A-Za-z0-9_-]{43})/.exec(
        outbox.messages.find((m) => m.to === email)?.text ?? '',
      )?.[1];
      expect(token).toBeTruthy();
      const accepted = await harness.request('/api/invitations/accept', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, password: 'a-long-enough-password' }),
      });
      expect(accepted.status).toBe(201);
      const person = (await accepted.json()) as { person: { id: string } };
      const access = await json<{
        assignments: { roleId: string; scopeId: string }[];
        groups: string[];
        artists: Record<string, { level: string | null }>;
      }>(await ana.get(`/api/people/${person.person.id}/access`));
      expect(access.assignments.map((a) => `${a.roleId}@${a.scopeId}`).sort()).toEqual([
        'role_promoter@ev_berlin_1',
        'role_promoter@ev_berlin_2',
      ]);
      expect(access.groups).toContain('grp_press');
      expect(access.artists.art_vellums?.level).toBe('read_only');
    }, 120_000);

    it('dryRun is refused where a write changes no access, and on bad values', async () => {
      expect((await ana.json('POST', '/api/tasks?dryRun=true', { title: 'x' })).status).toBe(400);
      expect((await ana.json('PUT', '/api/people/per_fay/shows/ev_hamburg?dryRun=maybe', { on: true })).status).toBe(
        400,
      );
    });
    // Last: its random edits are saved, so the deterministic tests above run on the demo as seeded.
    it('the preview is exact: random access edits, previewed then saved, change every person’s list-objects exactly as previewed, and the preview writes nothing', async () => {
      let compared = 0;
      await fc.assert(
        fc.asyncProperty(edits, async (edit) => {
          const before = await listings();
          const dump = await dumpTables(harness.db);
          const dry = await ana.json(edit.method, `${edit.path}?dryRun=true`, edit.body);
          expect(dumpDiff(dump, await dumpTables(harness.db))).toEqual([]);
          const saved = await ana.json(edit.method, edit.path, edit.body);
          if (saved.status >= 400) {
            // a refused write is refused the same way when previewed
            expect(dry.status).toBe(saved.status);
            return;
          }
          const preview = await json<Preview>(dry);
          expect(preview.dryRun).toBe(true);
          for (const p of preview.people) expect(p.text.length).toBeGreaterThan(0);
          const after = await listings();
          expect(sorted(previewed(preview, before))).toEqual(sorted(after));
          compared++;
        }),
        { numRuns: 15 },
      );
      expect(compared).toBeGreaterThan(5);
    }, 900_000);
  });
}
