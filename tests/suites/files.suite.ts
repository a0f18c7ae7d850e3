import { beforeAll, describe, expect, it } from 'vitest';
import { Client, type Harness } from './harness.ts';
import { withTuples } from './arrange.ts';
import { HARBOR_COLLAB, seedHarborCollab } from './collab-harbor.ts';
import { body, ids, signedIn, upload } from './collab-client.ts';

type FileRow = { id: string; name: string; folderId: string | null };
type AccessBody = {
  entries: ({ level: string; inheritedFrom?: { folder: { id: string } } } & Record<string, { id: string }>)[];
  people: { id: string; level: string }[];
};

const DEEP = 'fil_passport_nico';
const PASSPORT_FOLDERS = ['fld_passports', 'fld_passports_2026', 'fld_passports_band', 'fld_passports_scans'];

/** Files and folders (issue 6, R22), through the HTTP API. */
export function filesSuite(harness: Harness): void {
  describe(`files and folders on ${harness.store}`, () => {
    let cara: Client;
    let deepId: string;
    beforeAll(async () => {
      await seedHarborCollab(harness.db);
      cara = await signedIn(harness, 'cara');
      // A file with contents three folders deep inside /Passports, listed for Nico and Dev too.
      const created = await upload(
        cara,
        'POST',
        '/api/files?folderId=fld_passports_scans&name=Jo%20Marsh%20passport.pdf',
        '%PDF-1.4 jo-passport',
      );
      expect(created.status).toBe(201);
      deepId = (await body<{ file: FileRow }>(created)).file.id;
      const shared = await cara.json('PUT', `/api/files/${deepId}/access`, {
        access: [
          { person: 'per_cara', level: 'manage' },
          { person: 'per_nico', level: 'view' },
          { person: 'per_dev', level: 'view' },
        ],
      });
      expect(shared.status).toBe(200);
    });

    it('R22 allows: Cara, who manages /Passports, lists, finds and downloads the file three folders deep', async () => {
      const folders = await body<{ folders: { id: string }[] }>(await cara.get('/api/folders'));
      expect(ids(folders.folders)).toEqual(expect.arrayContaining(PASSPORT_FOLDERS));
      const list = await body<{ files: FileRow[] }>(await cara.get('/api/files'));
      expect(ids(list.files)).toEqual(expect.arrayContaining([DEEP, deepId]));
      const found = await body<{ files: FileRow[] }>(await cara.get('/api/files?q=PASSPORT'));
      expect(ids(found.files)).toEqual([deepId, DEEP].sort());
      const download = await cara.get(`/api/files/${deepId}/content`);
      expect(download.status).toBe(200);
      expect(download.headers.get('cache-control')).toBe('private, no-store');
      expect(await download.text()).toBe('%PDF-1.4 jo-passport');
    });

    describe.each(['nico', 'dev', 'ben'])(
      'R22 denies %s (listed on the file, or an administrator) under the closed /Passports',
      (who) => {
        let reader: Client;
        beforeAll(async () => {
          reader = await signedIn(harness, who);
        });
        it('R22 folder denial hides nested files: not listed', async () => {
          const list = await body<{ files: FileRow[] }>(await reader.get('/api/files'));
          expect(ids(list.files)).not.toContain(deepId);
          expect(ids(list.files)).not.toContain(DEEP);
          const folders = await body<{ folders: { id: string }[] }>(await reader.get('/api/folders'));
          expect(ids(folders.folders).filter((id) => PASSPORT_FOLDERS.includes(id))).toEqual([]);
          expect((await reader.get('/api/folders/fld_passports_scans')).status).toBe(404);
        });
        it('R22 folder denial hides nested files: not downloadable', async () => {
          expect((await reader.get(`/api/files/${deepId}/content`)).status).toBe(404);
          expect((await reader.get(`/api/files/${deepId}`)).status).toBe(404);
        });
        it('R22 folder denial hides nested files: not found by search', async () => {
          const found = await body<{ files: FileRow[] }>(await reader.get('/api/files?q=passport'));
          expect(found.files).toEqual([]);
        });
      },
    );

    it('R22: opening /Passports to Nico (a grant on the top folder) opens the file inside it; closing it closes it on the next request', async () => {
      const nico = await signedIn(harness, 'nico');
      const grant = { object: 'folder:fld_passports', relation: 'viewer', user: 'user:per_nico' };
      await withTuples(harness, { writes: [grant] }, async () => {
        expect((await nico.get(`/api/files/${deepId}/content`)).status).toBe(200);
        expect(ids((await body<{ files: FileRow[] }>(await nico.get('/api/files?q=passport'))).files)).toEqual(
          [deepId, DEEP].sort(),
        );
      });
      expect((await nico.get(`/api/files/${deepId}/content`)).status).toBe(404);
    });

    it('R22: /Riders is open to everyone who sees The Vellums, and closes with their artist access', async () => {
      const dev = await signedIn(harness, 'dev');
      const riders = await body<{ files: FileRow[] }>(await dev.get('/api/files?folderId=fld_riders'));
      expect(ids(riders.files)).toEqual(['fil_rider_hospitality', 'fil_rider_technical']);
      await withTuples(
        harness,
        { writes: [{ object: 'artist:art_vellums', relation: 'no_access', user: 'user:per_dev' }] },
        async () => {
          expect((await body<{ files: FileRow[] }>(await dev.get('/api/files?folderId=fld_riders'))).files).toEqual([]);
          expect((await dev.get('/api/folders/fld_riders')).status).toBe(404);
        },
      );
    });

    it('R22: /Contracts is for admins and Financial: Ivan sees it, Eli does not', async () => {
      const ivan = await signedIn(harness, 'ivan');
      const eli = await signedIn(harness, 'eli');
      expect((await ivan.get('/api/folders/fld_contracts')).status).toBe(200);
      expect((await eli.get('/api/folders/fld_contracts')).status).toBe(404);
      expect(ids((await body<{ files: FileRow[] }>(await eli.get('/api/files'))).files)).not.toContain(
        'fil_agency_agreement',
      );
    });

    it('R22: a download is authorized on every request — Gus loses the settlement PDF on the next request after his grant goes', async () => {
      const ana = await signedIn(harness, 'ana');
      expect((await upload(ana, 'PUT', '/api/files/fil_settlement_berlin/content', 'settlement v1')).status).toBe(200);
      const gus = await signedIn(harness, 'gus');
      expect(await (await gus.get('/api/files/fil_settlement_berlin/content')).text()).toBe('settlement v1');
      expect(ids((await body<{ files: FileRow[] }>(await gus.get('/api/files?folderId=root'))).files)).toEqual([
        'fil_settlement_berlin',
      ]);
      await withTuples(
        harness,
        { deletes: [{ object: 'file:fil_settlement_berlin', relation: 'viewer', user: 'user:per_gus' }] },
        async () => {
          expect((await gus.get('/api/files/fil_settlement_berlin/content')).status).toBe(404);
        },
      );
      expect((await gus.get('/api/files/fil_settlement_berlin/content')).status).toBe(200);
      // Gus alone: nobody else but the master user
      const cara = await signedIn(harness, 'cara');
      expect((await cara.get('/api/files/fil_settlement_berlin/content')).status).toBe(404);
    });

    it('R22 manage access: who can access the deep file, and the folder each entry comes from', async () => {
      const response = await cara.get(`/api/files/${deepId}/access`);
      expect(response.status).toBe(200);
      const access = await body<AccessBody>(response);
      const caraEntries = access.entries.filter((e) => e.person?.id === 'per_cara');
      expect(caraEntries.map((e) => e.inheritedFrom?.folder.id ?? 'own').sort()).toEqual(
        [...PASSPORT_FOLDERS, 'own'].sort(),
      );
      expect(access.entries.find((e) => e.person?.id === 'per_nico')).toMatchObject({ level: 'view' });
      expect(access.entries.find((e) => e.person?.id === 'per_nico')?.inheritedFrom).toBeUndefined();
      // the people who hold access now: the closed folders keep Nico and Dev out
      expect(access.people.map((p) => p.id).sort()).toEqual(['per_ana', 'per_cara']);
      expect(access.people.find((p) => p.id === 'per_cara')?.level).toBe('manage');
    });

    it('R22 manage access: 403 for a viewer who may not manage, 404 for someone who cannot see the item', async () => {
      const dev = await signedIn(harness, 'dev');
      expect((await dev.get('/api/folders/fld_riders/access')).status).toBe(403);
      expect((await dev.json('PUT', '/api/folders/fld_riders/access', { access: [] })).status).toBe(403);
      const ben = await signedIn(harness, 'ben');
      expect((await ben.get('/api/folders/fld_passports/access')).status).toBe(404);
      expect(
        (await ben.json('PUT', `/api/files/${deepId}/access`, { access: [{ person: 'per_ben', level: 'manage' }] }))
          .status,
      ).toBe(404);
    });

    it('R22: adding to a folder needs edit on it; the top level needs Manage files', async () => {
      const dev = await signedIn(harness, 'dev');
      expect((await upload(dev, 'POST', '/api/files?folderId=fld_riders&name=x.pdf', 'x')).status).toBe(403);
      expect((await upload(dev, 'POST', '/api/files?name=x.pdf', 'x')).status).toBe(403);
      expect((await dev.json('POST', '/api/folders', { name: 'Mine' })).status).toBe(403);
      expect((await dev.json('POST', '/api/folders', { name: 'Mine', parentId: 'fld_passports' })).status).toBe(404);
      const created = await cara.json('POST', '/api/folders', { name: 'Stage plots', parentId: 'fld_riders' });
      expect(created.status).toBe(201);
      const folderId = (await body<{ folder: { id: string } }>(created)).folder.id;
      // inherited from /Riders: Dev sees the new folder
      expect((await dev.get(`/api/folders/${folderId}`)).status).toBe(200);
      const ben = await signedIn(harness, 'ben');
      expect(
        (await ben.json('POST', '/api/folders', { name: 'Budgets', access: [{ group: 'grp_office', level: 'view' }] }))
          .status,
      ).toBe(201);
    });

    it('bad input is a 400 naming the field', async () => {
      const ana = await signedIn(harness, 'ana');
      const noName = await ana.json('POST', '/api/folders', {});
      expect([noName.status, (await body(noName)).field]).toEqual([400, 'name']);
      const slash = await ana.json('POST', '/api/folders', { name: 'a/b' });
      expect([slash.status, (await body(slash)).field]).toEqual([400, 'name']);
      const stranger = await ana.json('PUT', '/api/folders/fld_riders/access', {
        access: [{ person: 'per_harbor', level: 'view' }],
      });
      expect([stranger.status, (await body(stranger)).field]).toEqual([400, 'access.0.person']);
      const level = await ana.json('PUT', '/api/folders/fld_riders/access', {
        access: [{ group: 'grp_crew', level: 'own' }],
      });
      expect(level.status).toBe(400);
      const missing = await upload(ana, 'POST', '/api/files', 'x');
      expect([missing.status, (await body(missing)).field]).toEqual([400, 'name']);
    });

    it('security: every endpoint answers 401 without a session', async () => {
      const anon = new Client(harness);
      for (const [method, path] of [
        ['GET', '/api/files'],
        ['GET', '/api/files/fil_rider_technical'],
        ['GET', '/api/files/fil_rider_technical/content'],
        ['GET', '/api/files/fil_rider_technical/access'],
        ['PUT', '/api/files/fil_rider_technical/access'],
        ['POST', '/api/files?name=a'],
        ['PUT', '/api/files/fil_rider_technical/content'],
        ['GET', '/api/folders'],
        ['POST', '/api/folders'],
        ['GET', '/api/folders/fld_riders'],
        ['GET', '/api/folders/fld_riders/access'],
        ['PUT', '/api/folders/fld_riders/access'],
      ] as const) {
        expect((await anon.json(method, path, method === 'GET' ? undefined : {})).status, `${method} ${path}`).toBe(
          401,
        );
      }
    });

    it("R1: another workspace's folders and files answer 404 and are never listed", async () => {
      const harbor = await signedIn(harness, 'harbor');
      for (const path of [
        '/api/files/fil_settlement_berlin',
        '/api/files/fil_settlement_berlin/content',
        '/api/files/fil_settlement_berlin/access',
        '/api/folders/fld_riders',
        '/api/folders/fld_riders/access',
      ]) {
        expect((await harbor.get(path)).status, path).toBe(404);
      }
      expect((await harbor.json('PUT', '/api/folders/fld_riders/access', { access: [] })).status).toBe(404);
      expect((await upload(harbor, 'POST', '/api/files?folderId=fld_riders&name=x.pdf', 'x')).status).toBe(404);
      expect(ids((await body<{ files: FileRow[] }>(await harbor.get('/api/files'))).files)).toEqual([
        HARBOR_COLLAB.fileId,
      ]);
      const ana = await signedIn(harness, 'ana');
      expect((await ana.get(`/api/files/${HARBOR_COLLAB.fileId}`)).status).toBe(404);
      expect((await ana.get(`/api/folders/${HARBOR_COLLAB.folderId}`)).status).toBe(404);
      expect(ids((await body<{ files: FileRow[] }>(await ana.get('/api/files'))).files)).not.toContain(
        HARBOR_COLLAB.fileId,
      );
    });
  });
}
