import { beforeAll, describe, expect, it } from 'vitest';
import { PREDEFINED_ROLES } from '../../model/roles.ts';
import { collaboration } from '../../model/catalogue.ts';
import type { Client, Harness } from './harness.ts';
import { HARBOR, seedHarbor } from './second-workspace.ts';
import { expectError, expectSecured, json, makePerson, signedIn } from './people-arrange.ts';

type Role = {
  id: string;
  name: string;
  predefined: string | null;
  revision: number;
  permissions: string[];
  collaboration: string;
  holders?: number | { id: string; name: string }[];
};
let n = 0;
const unique = (label: string) => `${label} ${Date.now().toString(36)}${n++}`;

/** Roles (R10–R12) over HTTP: predefined and custom, edits with If-Match, assignments at scopes. */
export function rolesSuite(harness: Harness): void {
  describe(`roles on ${harness.store}`, () => {
    let ana: Client;
    beforeAll(async () => {
      await seedHarbor(harness.db);
      ana = await signedIn(harness, 'ana');
    });

    it('R10, R11: the predefined roles exist, each labelled Collaborator or View-only from its permissions', async () => {
      const { roles } = await json<{ roles: Role[] }>(await ana.get('/api/roles'));
      for (const p of PREDEFINED_ROLES) {
        const role = roles.find((r) => r.predefined === p.id);
        expect(role, p.name).toMatchObject({
          name: p.name,
          permissions: [...p.permissions].sort(),
          collaboration: collaboration(p.permissions),
        });
      }
      expect(roles.find((r) => r.predefined === 'admin')?.collaboration).toBe('collaborator');
      expect(roles.find((r) => r.predefined === 'team_member')?.collaboration).toBe('view_only');
      expect(roles.find((r) => r.id === 'role_promoter')).toMatchObject({ predefined: null, holders: 1 });
    });

    it("R10: create, rename and edit a custom role; the holders' next request is decided on the new permissions (R8)", async () => {
      const created = await json<Role>(
        await ana.json('POST', '/api/roles', {
          name: unique('Runner'),
          permissions: ['view_performances', 'view_logistics'],
        }),
        201,
      );
      expect(created).toMatchObject({
        revision: 1,
        collaboration: 'view_only',
        permissions: ['view_logistics', 'view_performances'],
      });
      const p = await makePerson(harness, 'runner', { role: created.id });
      const them = await signedIn(harness, p.email);
      expect(await json(await them.get('/api/days/day_cologne/sheet'))).not.toHaveProperty('settlement');
      const got = await ana.get(`/api/roles/${created.id}`);
      const etag = got.headers.get('etag')!;
      expect(etag).toBe('"r1"');
      expect((await json<Role>(got)).holders).toEqual([{ id: p.id, name: 'Test runner' }]);
      const edited = await ana.json(
        'PATCH',
        `/api/roles/${created.id}`,
        {
          name: unique('Runner (money)'),
          permissions: ['view_performances', 'view_logistics', 'view_financial', 'manage_logistics'],
        },
        { 'if-match': etag },
      );
      expect(edited.headers.get('etag')).toBe('"r2"');
      expect(await json<Role>(edited)).toMatchObject({ revision: 2, collaboration: 'collaborator' });
      expect(await json(await them.get('/api/days/day_cologne/sheet'))).toHaveProperty('settlement');
    });

    it('R10: an edit sent with a stale If-Match is refused with 409 and the current state', async () => {
      const role = await json<Role>(
        await ana.json('POST', '/api/roles', { name: unique('Stale'), permissions: ['view_holds'] }),
        201,
      );
      await json(
        await ana.json(
          'PATCH',
          `/api/roles/${role.id}`,
          { permissions: ['view_holds', 'view_rehearsals'] },
          { 'if-match': '"r1"' },
        ),
      );
      const stale = await ana.json('PATCH', `/api/roles/${role.id}`, { permissions: [] }, { 'if-match': '"r1"' });
      const body = await json<{ code: string; message: string; current: Role }>(stale, 409);
      expect(body.code).toBe('conflict');
      expect(body.current).toMatchObject({ id: role.id, revision: 2, permissions: ['view_holds', 'view_rehearsals'] });
      expect(stale.headers.get('etag')).toBe('"r2"');
    });

    it('R10: two concurrent edits from the same revision: one wins, the other gets 409 with the state it lost to', async () => {
      const role = await json<Role>(
        await ana.json('POST', '/api/roles', { name: unique('Race'), permissions: ['view_holds'] }),
        201,
      );
      const [a, b] = await Promise.all([
        ana.json(
          'PATCH',
          `/api/roles/${role.id}`,
          { permissions: ['view_holds', 'view_rehearsals'] },
          { 'if-match': '"r1"' },
        ),
        ana.json(
          'PATCH',
          `/api/roles/${role.id}`,
          { permissions: ['view_holds', 'view_performances'] },
          { 'if-match': '"r1"' },
        ),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const current = await json<Role>(await ana.get(`/api/roles/${role.id}`));
      expect(current.revision).toBe(2);
    });

    it("R10: deleting a role still held is refused with its holders' names; an unheld custom role is deleted; predefined roles stay", async () => {
      const held = await ana.json('DELETE', '/api/roles/role_promoter');
      const body = await expectError(held, 409, 'conflict', /Gus Hartmann/);
      expect(body.message).toMatch(/another role/);
      await expectError(
        await ana.json('DELETE', '/api/roles/role_team_member_no_travel'),
        409,
        'conflict',
        /predefined/,
      );
      const role = await json<Role>(
        await ana.json('POST', '/api/roles', { name: unique('Temp'), permissions: ['view_holds'] }),
        201,
      );
      expect((await ana.json('DELETE', `/api/roles/${role.id}`)).status).toBe(204);
      await expectError(await ana.get(`/api/roles/${role.id}`), 404, 'not_found');
      await expectError(
        await ana.json('POST', '/api/roles', { name: 'Admin', permissions: [] }),
        409,
        'conflict',
        /already exists/,
      );
    });

    it("R10: deleting a predefined role still held is refused naming its holders, as a custom role's refusal does", async () => {
      const predefined = await expectError(
        await ana.json('DELETE', '/api/roles/role_team_member_no_travel'),
        409,
        'conflict',
        /predefined/,
      );
      expect(predefined.message).toMatch(/Fay Moreau/);
      const custom = await expectError(await ana.json('DELETE', '/api/roles/role_promoter'), 409, 'conflict');
      expect(custom.message).toMatch(/Gus Hartmann/);
      expect((await ana.get('/api/roles/role_team_member_no_travel')).status).toBe(200);
    });

    it('R12: a role assigned at event scope grants on that event only; unassigning ends it on the next request', async () => {
      const p = await makePerson(harness, 'promoter');
      const them = await signedIn(harness, p.email);
      expect((await them.get('/api/days/day_hamburg/sheet')).status).toBe(404);
      const a = await json<{ id: string }>(
        await ana.json('POST', '/api/roles/role_box_office/assignments', {
          personId: p.id,
          scopeType: 'event',
          scopeId: 'ev_hamburg',
        }),
        201,
      );
      expect((await them.get('/api/days/day_hamburg/sheet')).status).toBe(200);
      expect((await them.get('/api/days/day_cologne/sheet')).status).toBe(404);
      expect((await ana.json('DELETE', `/api/roles/role_box_office/assignments/${a.id}`)).status).toBe(204);
      expect((await them.get('/api/days/day_hamburg/sheet')).status).toBe(404);
      await expectError(
        await ana.json('POST', '/api/roles/role_box_office/assignments', {
          personId: p.id,
          scopeType: 'event',
          scopeId: HARBOR.eventId,
        }),
        404,
        'not_found',
      );
      await expectError(
        await ana.json('POST', '/api/roles/role_box_office/assignments', {
          personId: p.id,
          scopeType: 'galaxy',
          scopeId: 'x',
        }),
        400,
        'validation_error',
      );
    });

    it('every role endpoint: 401 without a session, 404 from another workspace, 403 without the permission', async () => {
      const dev = await signedIn(harness, 'dev');
      const harbor = await signedIn(harness, HARBOR.email);
      const p = await makePerson(harness, 'roles_sec', { role: 'role_team_member' });
      const ids = [
        { method: 'GET', path: '/api/roles/role_admin' },
        { method: 'PATCH', path: '/api/roles/role_promoter', body: { name: 'x' } },
        { method: 'DELETE', path: '/api/roles/role_promoter' },
        {
          method: 'POST',
          path: '/api/roles/role_team_member/assignments',
          body: { personId: p.id, scopeType: 'workspace', scopeId: 'ws_northline' },
        },
        { method: 'DELETE', path: `/api/roles/role_team_member/assignments/as_${p.id}` },
      ];
      for (const e of ids) await expectSecured(harness, e, { outsider: harbor, unprivileged: dev, denied: 403 });
      for (const e of [
        { method: 'GET', path: '/api/roles' },
        { method: 'POST', path: '/api/roles', body: { name: 'x', permissions: [] } },
      ]) {
        await expectSecured(harness, e, { unprivileged: dev, denied: 403 });
      }
      expect((await json<{ roles: Role[] }>(await harbor.get('/api/roles'))).roles).toEqual([]);
    });
  });
}
