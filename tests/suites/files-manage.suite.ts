import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { blobDeletions, files, folders } from '../../db/collaboration/schema.ts';
import { allTuplesQuery } from '../../db/authz/tuple-reads.ts';
import { fromRow, withExtras } from '../../db/authz/codec.ts';
import { check, compileModel, MemoryTupleIndex, type TupleKey } from '../../functions/index.ts';
import { WORKSPACE_MODEL } from '../../model/workspace-model.ts';
import type { Client, Harness } from './harness.ts';
import { storeIdOf } from './arrange.ts';
import { tableDigests } from './db-digest.ts';
import { body, signedIn, upload } from './collab-client.ts';
import { seedHarborCollab } from './collab-harbor.ts';

/** A harness whose file store can be listed: the R2 bucket (D1) or the folder on disk (libSQL). */
export type FilesHarness = Harness & {
  blobKeys(prefix: string): Promise<string[]>;
  /** The app over a file store whose next delete fails (once), as R2 or a disk sometimes does. */
  blobFault: { failNextDelete(): void; request: Harness['request'] };
  /** The deployment's hourly housekeeping, run once at `now` with the healthy file store. */
  housekeep(now: number): Promise<void>;
};

type Can = { edit: boolean; manage: boolean; delete: boolean; move: boolean; manageAccess: boolean };
type Listed = { id: string; name: string; parentId?: string | null; folderId?: string | null; can: Can };

const READERS = ['ana', 'ben', 'cara', 'dev', 'eli', 'fay', 'gus', 'hana', 'ivan', 'olga', 'nico', 'jo'] as const;
const FIVE_MB = 5 * 1024 * 1024;

/** Files and folders managed (issue 16, R22): rename, move, delete, and what each reader may do. */
export function filesManageSuite(harness: FilesHarness): void {
  describe(`managing files and folders on ${harness.store}`, () => {
    let ana: Client;
    beforeAll(async () => {
      await seedHarborCollab(harness.db);
      ana = await signedIn(harness, 'ana');
    });

    it('R22: a 5 MB file uploaded into /Contracts, moved to /Riders and deleted leaves no orphan in the file store', async () => {
      const before = await harness.blobKeys('ws_northline/');
      const bytes = 'x'.repeat(FIVE_MB);
      const created = await upload(ana, 'POST', '/api/files?folderId=fld_contracts&name=Big%20contract.pdf', bytes);
      expect(created.status).toBe(201);
      const { file, can } = await body<{ file: { id: string; size: number }; can: Can }>(created);
      expect(file.size).toBe(FIVE_MB);
      expect(can).toEqual({ edit: true, manage: true, delete: true, move: true, manageAccess: true });
      const stored = await harness.blobKeys('ws_northline/');
      expect(stored.filter((k) => !before.includes(k))).toEqual([expect.stringMatching(`^ws_northline/${file.id}/`)]);
      // Access follows the place: Dev sees /Riders but not /Contracts.
      const dev = await signedIn(harness, 'dev');
      expect((await dev.get(`/api/files/${file.id}`)).status).toBe(404);
      const moved = await ana.json('PATCH', `/api/files/${file.id}`, { folderId: 'fld_riders' });
      expect(moved.status).toBe(200);
      expect((await body<{ file: { folderId: string } }>(moved)).file.folderId).toBe('fld_riders');
      expect((await dev.get(`/api/files/${file.id}`)).status).toBe(200);
      const download = await dev.get(`/api/files/${file.id}/content`);
      expect((await download.arrayBuffer()).byteLength).toBe(FIVE_MB);
      expect((await ana.json('DELETE', `/api/files/${file.id}`)).status).toBe(204);
      expect((await ana.get(`/api/files/${file.id}`)).status).toBe(404);
      expect(await harness.db.db.select().from(files).where(eq(files.id, file.id))).toEqual([]);
      expect(await harness.blobKeys('ws_northline/')).toEqual(before);
      // Every stored object belongs to a file row: no orphan at all.
      const keys = (await harness.db.db.select({ key: files.blobKey }).from(files)).map((r) => r.key);
      expect((await harness.blobKeys('')).filter((k) => !keys.includes(k))).toEqual([]);
    });

    it('R22: a stored object whose deletion fails after the commit is tracked in the same batch and swept by the hourly housekeeping: no orphan', async () => {
      const faulty = await signedIn({ ...harness, request: harness.blobFault.request }, 'ana');
      const before = await harness.blobKeys('ws_northline/');
      const pending = () => harness.db.db.select().from(blobDeletions);
      expect(await pending()).toEqual([]);
      const created = await upload(faulty, 'POST', '/api/files?folderId=fld_riders&name=Doomed%20rider.pdf', 'v1');
      expect(created.status).toBe(201);
      const { file } = await body<{ file: { id: string } }>(created);
      const [first] = await harness.db.db.select({ key: files.blobKey }).from(files).where(eq(files.id, file.id));
      // New contents: the old object's deletion fails once; the row tracking it stays.
      harness.blobFault.failNextDelete();
      expect((await upload(faulty, 'PUT', `/api/files/${file.id}/content`, 'v2')).status).toBe(200);
      expect((await pending()).map((p) => p.key)).toEqual([first!.key]);
      expect(await harness.blobKeys(`ws_northline/${file.id}/`)).toHaveLength(2);
      // The delete commits (204); its object's deletion fails too, and is tracked the same way.
      const [second] = await harness.db.db.select({ key: files.blobKey }).from(files).where(eq(files.id, file.id));
      harness.blobFault.failNextDelete();
      expect((await faulty.json('DELETE', `/api/files/${file.id}`)).status).toBe(204);
      expect(await harness.db.db.select().from(files).where(eq(files.id, file.id))).toEqual([]);
      expect((await pending()).map((p) => p.key).sort()).toEqual([first!.key, second!.key].sort());
      expect(await harness.blobKeys(`ws_northline/${file.id}/`)).toHaveLength(2);
      // The hourly sweep deletes both objects and their rows: nothing orphaned, nothing pending.
      await harness.housekeep(Date.now());
      expect(await pending()).toEqual([]);
      expect(await harness.blobKeys('ws_northline/')).toEqual(before);
      const keys = (await harness.db.db.select({ key: files.blobKey }).from(files)).map((r) => r.key);
      expect((await harness.blobKeys('')).filter((k) => !keys.includes(k))).toEqual([]);
      // A delete whose object goes at once leaves no pending row either.
      const quick = await upload(faulty, 'POST', '/api/files?folderId=fld_riders&name=Quick.pdf', 'q');
      const quickId = (await body<{ file: { id: string } }>(quick)).file.id;
      expect((await faulty.json('DELETE', `/api/files/${quickId}`)).status).toBe(204);
      expect(await pending()).toEqual([]);
      expect(await harness.blobKeys(`ws_northline/${quickId}/`)).toEqual([]);
    });

    it("R22, R6: a branding logo replaced, and one whose set is removed, goes the same tracked way: when the store's delete fails, the hourly housekeeping sweeps it — no orphan", async () => {
      const faulty = await signedIn({ ...harness, request: harness.blobFault.request }, 'ana');
      const pending = async () => (await harness.db.db.select().from(blobDeletions)).map((p) => p.key).sort();
      const logos = () => harness.blobKeys('ws_northline/branding/');
      expect(await pending()).toEqual([]);
      const before = await logos();
      type Sets = { sets: { id: string; name: string; primaryColor: string; accentColor: string; logoUrl?: string }[] };
      const { settings } = await body<{ settings: { branding: Sets } }>(await faulty.get('/api/settings'));
      const others = settings.branding.sets.map(({ logoUrl: _, ...set }) => set);
      const setBranding = async (sets: typeof others) =>
        expect((await faulty.json('PATCH', '/api/settings', { branding: { sets, artists: {} } })).status).toBe(200);
      const tracked = { id: 'brd_tracked', name: 'Tracked', primaryColor: '#102030', accentColor: '#405060' };
      await setBranding([...others, tracked]);
      const putLogo = (bytes: string) =>
        upload(faulty, 'PUT', '/api/settings/branding/brd_tracked/logo', bytes, 'image/png');

      expect((await putLogo('first')).status).toBe(200);
      const first = (await logos()).filter((k) => !before.includes(k));
      expect(first).toHaveLength(1);
      // Replaced: the old object's deletion fails once; the row tracking it stays.
      harness.blobFault.failNextDelete();
      expect((await putLogo('second')).status).toBe(200);
      expect(await pending()).toEqual(first);
      const second = (await logos()).filter((k) => !before.includes(k) && !first.includes(k));
      expect(second).toHaveLength(1);
      expect(await faulty.get('/api/settings/branding/brd_tracked/logo').then((r) => r.text())).toBe('second');
      await harness.housekeep(Date.now());
      expect(await pending()).toEqual([]);
      expect(await logos()).toEqual([...before, ...second].sort());

      // Replaced with a healthy store: gone at once, nothing pending.
      expect((await putLogo('third')).status).toBe(200);
      expect(await pending()).toEqual([]);
      const third = (await logos()).filter((k) => !before.includes(k));
      expect(third).toHaveLength(1);
      expect(third).not.toEqual(second);

      // The set removed: its logo goes with it, tracked the same way when the delete fails.
      harness.blobFault.failNextDelete();
      await setBranding(others);
      expect(await pending()).toEqual(third);
      expect(await logos()).toEqual([...before, ...third].sort());
      await harness.housekeep(Date.now());
      expect(await pending()).toEqual([]);
      expect(await logos()).toEqual(before);
    });

    it('R22: moving into a folder one may not manage is 403 and changes nothing', async () => {
      const cara = await signedIn(harness, 'cara');
      // Cara edits /Riders (so may add) and manages what she creates, but only views /Contracts.
      const created = await upload(cara, 'POST', '/api/files?folderId=fld_riders&name=Stage%20plot.pdf', 'plot');
      expect(created.status).toBe(201);
      const id = (await body<{ file: { id: string } }>(created)).file.id;
      const dev = await signedIn(harness, 'dev');
      const before = await tableDigests(harness.db);
      const refused = await cara.json('PATCH', `/api/files/${id}`, { folderId: 'fld_contracts' });
      expect(refused.status).toBe(403);
      expect(await tableDigests(harness.db)).toEqual(before);
      // Dev only views /Riders: 403; a folder nobody has: 404; nothing changed either.
      expect((await dev.json('PATCH', '/api/files/fil_rider_technical', { folderId: 'fld_passports' })).status).toBe(
        403,
      );
      expect((await cara.json('PATCH', `/api/files/${id}`, { folderId: 'fld_nowhere' })).status).toBe(404);
      expect(await tableDigests(harness.db)).toEqual(before);
      // Into /Passports, which she manages: allowed, and the folder's grants now reach it.
      expect((await cara.json('PATCH', `/api/files/${id}`, { folderId: 'fld_passports' })).status).toBe(200);
      expect((await dev.get(`/api/files/${id}`)).status).toBe(404);
      expect((await cara.json('DELETE', `/api/files/${id}`)).status).toBe(204);
    });

    it('R22: rename and folder moves; a folder never moves inside itself; a folder with contents is not deleted', async () => {
      const made = await ana.json('POST', '/api/folders', { name: 'Archive' });
      expect(made.status).toBe(201);
      const archive = (await body<{ folder: { id: string } }>(made)).folder.id;
      const inner = (
        await body<{ folder: { id: string } }>(
          await ana.json('POST', '/api/folders', { name: 'Old', parentId: archive }),
        )
      ).folder.id;
      const renamed = await ana.json('PATCH', `/api/folders/${archive}`, { name: 'Archive 2025' });
      expect([renamed.status, (await body<{ folder: { name: string } }>(renamed)).folder.name]).toEqual([
        200,
        'Archive 2025',
      ]);
      const before = await tableDigests(harness.db);
      for (const target of [archive, inner]) {
        const cycle = await ana.json('PATCH', `/api/folders/${archive}`, { parentId: target });
        expect([cycle.status, (await body(cycle)).field]).toEqual([400, 'parentId']);
      }
      const full = await ana.json('DELETE', `/api/folders/${archive}`);
      expect(full.status).toBe(409);
      expect(await tableDigests(harness.db)).toEqual(before);
      expect((await ana.json('PATCH', `/api/folders/${inner}`, { parentId: null })).status).toBe(200);
      expect((await ana.json('DELETE', `/api/folders/${archive}`)).status).toBe(204);
      expect((await ana.json('DELETE', `/api/folders/${inner}`)).status).toBe(204);
      expect(await harness.db.db.select().from(folders).where(eq(folders.id, inner))).toEqual([]);
      const storeId = await storeIdOf(harness);
      const left = (await allTuplesQuery(harness.db.db, storeId)).filter((r) => JSON.stringify(r).includes(inner));
      expect(left).toEqual([]);
    });

    it('bad input is a 400 naming the field', async () => {
      const empty = await ana.json('PATCH', '/api/files/fil_rider_technical', {});
      expect([empty.status, (await body(empty)).field]).toEqual([400, 'name']);
      const slash = await ana.json('PATCH', '/api/folders/fld_riders', { name: 'a/b' });
      expect([slash.status, (await body(slash)).field]).toEqual([400, 'name']);
    });

    it('R22, issue 16: every `can` flag equals the engine, for every demo person; each denied action is 403 when forced', async () => {
      const storeId = await storeIdOf(harness);
      const index = new MemoryTupleIndex();
      for (const row of await allTuplesQuery(harness.db.db, storeId))
        index.add(withExtras(fromRow(row), row) as TupleKey);
      const model = compileModel(WORKSPACE_MODEL);
      const now = Date.now();
      const context = { current_time: new Date(now).toISOString() };
      const engine = (who: string, relation: string, object: string) =>
        check(model, index, { user: `user:per_${who}`, relation, object, context, now }).allowed;
      const clients = new Map<string, Client>();
      for (const who of READERS) clients.set(who, await signedIn(harness, who));
      const dump = await tableDigests(harness.db);
      let compared = 0;
      let forced = 0;
      for (const who of READERS) {
        const client = clients.get(who)!;
        const seen: [string, Listed][] = [
          ...(await body<{ folders: Listed[] }>(await client.get('/api/folders'))).folders.map(
            (f) => ['folder', f] as [string, Listed],
          ),
          ...(await body<{ files: Listed[] }>(await client.get('/api/files'))).files.map(
            (f) => ['file', f] as [string, Listed],
          ),
        ];
        for (const [kind, item] of seen) {
          const object = `${kind}:${item.id}`;
          const edit = engine(who, 'can_edit', object);
          const manage = engine(who, 'can_manage', object);
          expect(item.can, `${who} ${object}`).toEqual({
            edit,
            manage,
            delete: manage,
            move: manage,
            manageAccess: manage,
          });
          if (kind === 'folder') {
            const opened = await body<{ can: Can }>(await client.get(`/api/folders/${item.id}`));
            expect(opened.can, `${who} opens ${object}`).toEqual(item.can);
          }
          compared++;
          const path = `/api/${kind}s/${item.id}`;
          if (!item.can.edit) {
            expect((await client.json('PATCH', path, { name: 'Renamed' })).status, `${who} renames ${object}`).toBe(
              403,
            );
            forced++;
          }
          if (!item.can.delete) {
            expect((await client.json('DELETE', path)).status, `${who} deletes ${object}`).toBe(403);
            expect((await client.get(`${path}/access`)).status, `${who} reads access of ${object}`).toBe(403);
            const place = item.parentId ?? item.folderId ?? null;
            const target = place === 'fld_riders' || item.id === 'fld_riders' ? 'fld_contracts' : 'fld_riders';
            const move = kind === 'folder' ? { parentId: target } : { folderId: target };
            expect((await client.json('PATCH', path, move)).status, `${who} moves ${object}`).toBe(403);
            forced += 3;
          }
        }
      }
      expect(compared).toBeGreaterThan(40);
      expect(forced).toBeGreaterThan(20);
      expect(await tableDigests(harness.db)).toEqual(dump);
    });

    it('security: the new endpoints answer 401 without a session and 404 for another workspace', async () => {
      const harbor = await signedIn(harness, 'harbor');
      for (const [method, path] of [
        ['PATCH', '/api/files/fil_rider_technical'],
        ['DELETE', '/api/files/fil_rider_technical'],
        ['PATCH', '/api/folders/fld_riders'],
        ['DELETE', '/api/folders/fld_riders'],
      ] as const) {
        const anon = await harness.request(path, { method, body: method === 'PATCH' ? '{"name":"x"}' : undefined });
        expect(anon.status, `${method} ${path}`).toBe(401);
        const other = await harbor.json(method, path, method === 'PATCH' ? { name: 'x' } : undefined);
        expect(other.status, `harbor ${method} ${path}`).toBe(404);
      }
    });
  });
}
