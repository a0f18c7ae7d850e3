import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import { artists, showDays, contacts, events, venues } from '../../db/touring/schema.ts';
import { files, folders, mailingLists, tasks, threads } from '../../db/collaboration/schema.ts';
import { allTuplesQuery } from '../../db/authz/tuple-reads.ts';
import { fromRow, withExtras } from '../../db/authz/codec.ts';
import { check, compileModel, MemoryTupleIndex, type TupleKey } from '../../functions/index.ts';
import { WORKSPACE_MODEL } from '../../model/workspace-model.ts';
import { Client, type Harness } from './harness.ts';
import { changeTuples, storeIdOf } from './arrange.ts';

/** Demo people who can sign in; each list must equal what check allows them. */
const READERS = ['ana', 'ben', 'cara', 'dev', 'eli', 'fay', 'gus', 'hana', 'ivan', 'olga', 'nico', 'jo'] as const;
const EVENTS = [
  'ev_amsterdam',
  'ev_berlin_1',
  'ev_berlin_2',
  'ev_hamburg',
  'ev_oslo',
  'ev_travel_oslo',
  'ev_off_hamburg',
  'ev_mara_hold_1',
  'ev_okoro_rotterdam',
  'ev_cologne_band_dinner',
];
const ARTISTS = ['art_vellums', 'art_mara', 'art_okoro'];
const DRIVE = [
  'folder:fld_passports',
  'folder:fld_passports_band',
  'folder:fld_riders',
  'folder:fld_contracts',
  'file:fil_passport_nico',
  'file:fil_settlement_berlin',
  'file:fil_rider_technical',
];

/** The list endpoints of the workspace, the object type each lists, and how to read its ids. */
const ENDPOINTS = [
  {
    path: '/api/days?limit=200',
    type: 'show_day',
    table: showDays,
    pick: (b: { days: { id: string }[] }) => b.days.map((d) => d.id),
  },
  {
    path: '/api/events',
    type: 'event',
    table: events,
    pick: (b: { events: { id: string }[] }) => b.events.map((e) => e.id),
  },
  {
    path: '/api/artists',
    type: 'artist',
    table: artists,
    pick: (b: { artists: { id: string }[] }) => b.artists.map((a) => a.id),
  },
  // Issue 6: files and folders (R22), tasks (R18), threads (R19), contacts and venues (R21).
  {
    path: '/api/folders',
    type: 'folder',
    table: folders,
    pick: (b: { folders: { id: string }[] }) => b.folders.map((f) => f.id),
  },
  {
    path: '/api/files',
    type: 'file',
    table: files,
    pick: (b: { files: { id: string }[] }) => b.files.map((f) => f.id),
  },
  {
    path: '/api/tasks',
    type: 'task',
    table: tasks,
    pick: (b: { tasks: { id: string }[] }) => b.tasks.map((t) => t.id),
  },
  {
    path: '/api/threads',
    type: 'thread',
    table: threads,
    pick: (b: { threads: { id: string }[] }) => b.threads.map((t) => t.id),
  },
  {
    path: '/api/contacts',
    type: 'contact',
    table: contacts,
    pick: (b: { contacts: { id: string }[] }) => b.contacts.map((r) => r.id),
  },
  {
    path: '/api/venues',
    type: 'venue',
    table: venues,
    pick: (b: { venues: { id: string }[] }) => b.venues.map((r) => r.id),
  },
  {
    path: '/api/mailing-lists',
    type: 'mailing_list',
    table: mailingLists,
    pick: (b: { mailingLists: { id: string }[] }) => b.mailingLists.map((r) => r.id),
  },
] as const;

/** Access changes an admin might make; fast-check picks sets of them. */
const userOf = (who: string) => `user:per_${who}`;
const mutation = fc.oneof(
  fc.record({
    object: fc.constantFrom(...EVENTS.map((e) => `event:${e}`)),
    relation: fc.constant('hidden_from'),
    user: fc.constantFrom(...READERS.map(userOf)),
  }),
  fc.record({
    object: fc.constantFrom(...ARTISTS.map((a) => `artist:${a}`)),
    relation: fc.constant('no_access'),
    user: fc.constantFrom(...READERS.map(userOf)),
  }),
  fc.record({
    object: fc.constant('workspace:ws_northline'),
    relation: fc.constant('included_only_events'),
    user: fc.constantFrom(...READERS.map(userOf)),
  }),
  fc.record({
    object: fc.constantFrom(...EVENTS.map((e) => `event:${e}`)),
    relation: fc.constant('included'),
    user: fc.constantFrom(...READERS.map(userOf)),
  }),
  fc.record({
    object: fc.constantFrom(
      'role:role_team_member',
      'role:role_team_member_limited',
      'role:role_admin_non_financial',
      'role:role_promoter',
    ),
    relation: fc.constantFrom(
      'view_tentative_events',
      'view_performances',
      'view_travel_events',
      'view_holds',
      'view_special_events',
    ),
    user: fc.constant('user:*'),
  }),
  // Issue 6: who-can-access grants, task and message settings, database bars, group limits.
  fc.record({
    object: fc.constantFrom(...DRIVE),
    relation: fc.constantFrom('viewer', 'editor'),
    user: fc.constantFrom(...READERS.map(userOf), 'group:grp_crew#member', 'group:grp_press#member'),
  }),
  fc.record({
    object: fc.constant('workspace:ws_northline'),
    relation: fc.constantFrom(
      'tasks_all',
      'tasks_unassigned',
      'included_only_messages',
      'barred_from_contacts',
      'barred_from_venues',
      'administrator',
    ),
    user: fc.constantFrom(...READERS.map(userOf)),
  }),
  fc.record({
    object: fc.constantFrom('thread:thr_hamburg_settlement', 'thread:thr_cologne_load_in'),
    relation: fc.constant('included'),
    user: fc.constantFrom(...READERS.map(userOf)),
  }),
  fc.record({
    object: fc.constantFrom('contact:con_press_rosa', 'contact:con_berlin', 'venue:ven_berlin', 'venue:ven_press_club'),
    relation: fc.constant('limited_to'),
    user: fc.constantFrom('group:grp_band#member', 'group:grp_press#member', 'group:grp_default#member'),
  }),
  fc.record({
    object: fc.constantFrom('mailing_list:ml_newsletter', 'mailing_list:ml_berlin', 'mailing_list:ml_hamburg'),
    relation: fc.constant('hidden_from'),
    user: fc.constantFrom(...READERS.map(userOf)),
  }),
  fc.record({
    object: fc.constantFrom('task:tsk_dev_cables', 'task:tsk_merch_count'),
    relation: fc.constant('assignee'),
    user: fc.constantFrom(...READERS.map(userOf)),
  }),
  fc.record({
    object: fc.constantFrom(...READERS.map((r) => `user:per_${r}`)),
    relation: fc.constant('group'),
    user: fc.constantFrom('group:grp_crew', 'group:grp_press'),
  }),
);

/**
 * Issue 5, acceptance 2: for every demo person and every list endpoint, the list equals exactly
 * the objects for which check allows that person to view them — also after random access
 * changes. The check side is the engine over every tuple read back from the database.
 */
export function listEqualsCheckSuite(harness: Harness): void {
  describe(`list equals check on ${harness.store}`, () => {
    const clients = new Map<string, Client>();
    beforeAll(async () => {
      for (const who of READERS) {
        const client = new Client(harness);
        expect((await client.signIn(`${who}@northline.test`)).status).toBe(201);
        clients.set(who, client);
      }
    });

    async function expectListsMatchChecks(readers: readonly string[]): Promise<number> {
      const storeId = await storeIdOf(harness);
      const index = new MemoryTupleIndex();
      for (const row of await allTuplesQuery(harness.db.db, storeId))
        index.add(withExtras(fromRow(row), row) as TupleKey);
      const model = compileModel(WORKSPACE_MODEL);
      const now = Date.now();
      const context = { current_time: new Date(now).toISOString() };
      let compared = 0;
      for (const endpoint of ENDPOINTS) {
        const all = await harness.db.db
          .select({ id: endpoint.table.id })
          .from(endpoint.table)
          .where(eq(endpoint.table.workspaceId, 'ws_northline'));
        for (const who of readers) {
          const response = await clients.get(who)!.get(endpoint.path);
          expect(response.status).toBe(200);
          const listed = endpoint.pick((await response.json()) as never).sort();
          const allowed = all
            .map((r) => r.id)
            .filter(
              (id) =>
                check(model, index, {
                  user: userOf(who),
                  relation: 'can_view',
                  object: `${endpoint.type}:${id}`,
                  context,
                  now,
                }).allowed,
            )
            .sort();
          expect(listed, `${who} ${endpoint.path}`).toEqual(allowed);
          compared++;
        }
      }
      return compared;
    }

    it("R12, R14, R15, R17, R18, R19, R21, R22: every demo person's lists equal what check allows", async () => {
      expect(await expectListsMatchChecks(READERS)).toBe(READERS.length * ENDPOINTS.length);
    });

    it('R8: after random access changes, every list still equals what check allows', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(mutation, {
            minLength: 1,
            maxLength: 4,
            selector: (t) => `${t.object}#${t.relation}@${t.user}`,
          }),
          fc.subarray([...READERS], { minLength: 2, maxLength: 4 }),
          async (changes, readers) => {
            const storeId = await storeIdOf(harness);
            const present = new Set(
              (await allTuplesQuery(harness.db.db, storeId)).map(
                (r) => `${fromRow(r).object}#${r.relation}@${fromRow(r).user}`,
              ),
            );
            const writes = changes.filter((t) => !present.has(`${t.object}#${t.relation}@${t.user}`));
            const deletes = changes.filter((t) => present.has(`${t.object}#${t.relation}@${t.user}`));
            await changeTuples(harness, { writes, deletes });
            try {
              await expectListsMatchChecks(readers);
            } finally {
              await changeTuples(harness, { writes: deletes, deletes: writes });
            }
          },
        ),
        { numRuns: 12, seed: 20261123 },
      );
    });
  });
}
