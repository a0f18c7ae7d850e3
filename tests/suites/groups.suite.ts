import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { authzTuples } from '../../db/authz/schema.ts';
import { Client, type Harness } from './harness.ts';
import { HARBOR, seedHarbor } from './second-workspace.ts';
import { expectError, expectSecured, json, makePerson, signedIn } from './people-arrange.ts';

type Group = { id: string; name: string; isDefault: boolean };
type Member = { id: string; name: string };
let n = 0;
const unique = (label: string) => `${label} ${Date.now().toString(36)}${n++}`;

/** User groups (R20) over HTTP: who sees whom, membership both ways, batch selection. */
export function groupsSuite(harness: Harness): void {
  describe(`groups on ${harness.store}`, () => {
    let ana: Client;
    beforeAll(async () => {
      await seedHarbor(harness.db);
      ana = await signedIn(harness, 'ana');
    });

    it('R20: adding two people to a new group makes them see each other on the next request (tuples both ways); removing undoes it', async () => {
      const a = await makePerson(harness, 'grp_a', { defaultGroup: false });
      const b = await makePerson(harness, 'grp_b', { defaultGroup: false });
      const reader = await signedIn(harness, a.email);
      await expectError(await reader.get(`/api/people/${b.id}`), 404, 'not_found');
      const group = await json<Group>(await ana.json('POST', '/api/groups', { name: unique('Stage left') }), 201);
      expect(
        await json(await ana.json('POST', `/api/groups/${group.id}/members`, { personIds: [a.id, b.id] })),
      ).toEqual({ added: [a.id, b.id] });
      const both = await harness.db.db
        .select()
        .from(authzTuples)
        .where(
          and(eq(authzTuples.userId, b.id), eq(authzTuples.relation, 'member'), eq(authzTuples.objectId, group.id)),
        );
      const back = await harness.db.db
        .select()
        .from(authzTuples)
        .where(
          and(eq(authzTuples.objectId, b.id), eq(authzTuples.relation, 'group'), eq(authzTuples.userId, group.id)),
        );
      expect([both.length, back.length]).toEqual([1, 1]);
      expect((await reader.get(`/api/people/${b.id}`)).status).toBe(200);
      expect((await ana.json('DELETE', `/api/groups/${group.id}/members/${b.id}`)).status).toBe(204);
      await expectError(await reader.get(`/api/people/${b.id}`), 404, 'not_found');
    });

    it("R20: batch selection lists a group's members the reader may see", async () => {
      const { members } = await json<{ members: Member[] }>(await ana.get('/api/groups/grp_band/members'));
      expect(members.map((m) => m.id).sort()).toEqual(['per_jo', 'per_nico']);
      const nico = await signedIn(harness, 'nico');
      expect(
        (await json<{ members: Member[] }>(await nico.get('/api/groups/grp_crew/members'))).members.map((m) => m.id),
      ).toEqual(expect.arrayContaining(['per_cara', 'per_dev']));
    });

    it('R20: rename and delete a group; the Default group cannot be deleted', async () => {
      const group = await json<Group>(await ana.json('POST', '/api/groups', { name: unique('Merch') }), 201);
      const renamed = unique('Merch desk');
      expect(await json<Group>(await ana.json('PATCH', `/api/groups/${group.id}`, { name: renamed }))).toMatchObject({
        name: renamed,
      });
      await expectError(await ana.json('POST', '/api/groups', { name: renamed }), 409, 'conflict', /already exists/);
      const p = await makePerson(harness, 'merch', { groups: [group.id] });
      expect((await ana.json('DELETE', `/api/groups/${group.id}`)).status).toBe(204);
      const left = await harness.db.db
        .select()
        .from(authzTuples)
        .where(
          and(eq(authzTuples.objectId, p.id), eq(authzTuples.relation, 'group'), eq(authzTuples.userId, group.id)),
        );
      expect(left).toEqual([]);
      await expectError(await ana.json('DELETE', '/api/groups/grp_default'), 409, 'conflict', /Default group/);
      const { groups } = await json<{ groups: Group[] }>(await ana.get('/api/groups'));
      expect(groups.find((g) => g.isDefault)).toMatchObject({ id: 'grp_default', name: 'Default' });
    });

    it('every group endpoint: 401 without a session, 404 from another workspace, 403 without the permission', async () => {
      const dev = await signedIn(harness, 'dev');
      const harbor = await signedIn(harness, HARBOR.email);
      const p = await makePerson(harness, 'grp_sec', { groups: ['grp_press'] });
      for (const e of [
        { method: 'PATCH', path: '/api/groups/grp_press', body: { name: 'x' } },
        { method: 'DELETE', path: '/api/groups/grp_press' },
        { method: 'POST', path: '/api/groups/grp_press/members', body: { personIds: [p.id] } },
        { method: 'DELETE', path: `/api/groups/grp_press/members/${p.id}` },
      ]) {
        await expectSecured(harness, e, { outsider: harbor, unprivileged: dev, denied: 403 });
      }
      await expectSecured(
        harness,
        { method: 'POST', path: '/api/groups', body: { name: 'x' } },
        { unprivileged: dev, denied: 403 },
      );
      // Reading group members is open to members of the workspace; other workspaces get 404.
      expect((await new Client(harness).get('/api/groups/grp_band/members')).status).toBe(401);
      expect((await harbor.get('/api/groups/grp_band/members')).status).toBe(404);
      expect((await json<{ groups: Group[] }>(await harbor.get('/api/groups'))).groups).toEqual([]);
    });
  });
}
