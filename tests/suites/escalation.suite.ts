import { beforeAll, describe, expect, it } from 'vitest';
import { Client, type Harness } from './harness.ts';
import { json, makePerson, signedIn } from './people-arrange.ts';

/** How a test reaches a person's access: signed in, with an API key, or not at all. */
type Actor = {
  name: string;
  level: string;
  client: () => Promise<Client>;
  self: () => string;
  /** Paths that are no escalation for this actor because they hold what it grants. */
  holds?: string[];
};
type Ctx = { target: string; roleId: string; suffix: string };
type Path = {
  name: string;
  attempt: (c: Client, ctx: Ctx) => Promise<Response>;
  undo?: (ana: Client, ctx: Ctx) => Promise<unknown>;
};

/**
 * Every grant path (R9): each grants something the actors below (all but the master user) do
 * not hold. Each targets a fresh person of the outlet "Northline Live", so the outlet
 * administrator is refused for what she lacks, not for where the person is (R2).
 */
const PATHS: Path[] = [
  {
    name: 'role create with a permission they lack (view_financial)',
    attempt: (c, x) => c.json('POST', '/api/roles', { name: `Escalate ${x.suffix}`, permissions: ['view_financial'] }),
  },
  {
    name: 'role edit adding a permission they lack',
    attempt: (c, x) => c.json('PATCH', `/api/roles/${x.roleId}`, { permissions: ['view_holds', 'view_financial'] }),
  },
  {
    name: 'role assignment of Admin (every permission) at workspace scope',
    attempt: (c, x) =>
      c.json('POST', '/api/roles/role_admin/assignments', {
        personId: x.target,
        scopeType: 'workspace',
        scopeId: 'ws_northline',
      }),
  },
  {
    name: 'level change to master user',
    attempt: (c, x) => c.json('PATCH', `/api/people/${x.target}`, { level: 'master' }),
  },
  {
    name: 'setting they do not hold (itinerary access)',
    attempt: (c, x) => c.json('PUT', `/api/people/${x.target}/settings`, { settings: ['itinerary_access'] }),
  },
  {
    name: 'artist access Financial on The Vellums',
    attempt: (c, x) => c.json('PUT', `/api/people/${x.target}/artists/art_vellums`, { level: null, financial: true }),
  },
  {
    name: 'group membership of a group they are not in (Band)',
    attempt: (c, x) => c.json('POST', '/api/groups/grp_band/members', { personIds: [x.target] }),
    undo: (ana, x) => ana.json('DELETE', `/api/groups/grp_band/members/${x.target}`),
  },
  {
    name: 'invitation with the Admin role',
    attempt: (c, x) =>
      c.json('POST', '/api/invitations', {
        email: `esc-role-${x.suffix}@example.test`,
        name: 'E',
        access: { role: { roleId: 'role_admin', scopeType: 'workspace', scopeId: 'ws_northline' } },
      }),
  },
  {
    name: 'invitation of a master user',
    attempt: (c, x) =>
      c.json('POST', '/api/invitations', {
        email: `esc-master-${x.suffix}@example.test`,
        name: 'E',
        access: { level: 'master' },
      }),
  },
  {
    name: 'invitation with a setting and artist access they lack',
    attempt: (c, x) =>
      c.json('POST', '/api/invitations', {
        email: `esc-set-${x.suffix}@example.test`,
        name: 'E',
        access: { settings: ['itinerary_access'], artists: { art_vellums: { financial: true } } },
      }),
  },
  {
    name: 'API key acting as someone else (sync)',
    attempt: (c) => c.json('POST', '/api/api-keys', { name: 'borrowed', personId: 'per_sync' }),
  },
  {
    name: 'their own access (add export privileges to themselves)',
    attempt: (c) =>
      c.json('PUT', `/api/people/${selfOf(c)}/settings`, { settings: ['export_access', 'itinerary_access'] }),
  },
];

/** The reasons the guards give (escalation.ts, the session and API-key middleware). */
const REFUSALS =
  /do not hold|only a master user|group you are not in|read-only|permission to manage people|sign in first|own access|above your own|own outlet/;

const selves = new WeakMap<Client, string>();
const selfOf = (c: Client) => selves.get(c) ?? 'nobody';

type Snapshot = {
  level: string;
  settings: string[];
  groups: string[];
  artists: unknown;
  roles: string[];
  permissions: string[];
};

/** A table-driven proof that nothing escalates (R9): every level × every grant path. */
export function escalationSuite(harness: Harness): void {
  describe(`R9 no escalation on ${harness.store}`, () => {
    let ana: Client;
    let roleId: string;
    const actors: Actor[] = [];
    beforeAll(async () => {
      ana = await signedIn(harness, 'ana');
      const role = await json<{ id: string }>(
        await ana.json('POST', '/api/roles', { name: `Escalation target ${Date.now()}`, permissions: ['view_holds'] }),
        201,
      );
      roleId = role.id;
      const mgrRole = await json<{ id: string }>(
        await ana.json('POST', '/api/roles', {
          name: `People admin ${Date.now()}`,
          permissions: ['edit_system_settings', 'view_team'],
        }),
        201,
      );
      const mgr = await makePerson(harness, 'mgr', {
        role: mgrRole.id,
        groups: ['grp_office'],
        settings: ['export_access'],
      });
      const key = await json<{ key: string }>(
        await ana.json('POST', '/api/api-keys', { name: 'escalation', personId: 'per_sync' }),
        201,
      );
      const noAccess = await makePerson(harness, 'noaccess', { level: 'no_access' });
      const login = (who: string, id: string) => async () => {
        const c = await signedIn(harness, who);
        selves.set(c, id);
        return c;
      };
      actors.push(
        {
          name: 'outlet administrator (Olga)',
          level: 'outlet_admin',
          client: login('olga', 'per_olga'),
          self: () => 'per_olga',
        },
        {
          name: 'normal user managing people, Admin: Non-Financial (Ben)',
          level: 'normal',
          client: login('ben', 'per_ben'),
          self: () => 'per_ben',
          // An administrator already sees every person and every group-limited record (R13, R20):
          // putting someone in a group hands on nothing Ben lacks.
          holds: ['group membership of a group they are not in (Band)'],
        },
        {
          name: 'normal user managing people with no other permission',
          level: 'normal',
          client: login(mgr.email, mgr.id),
          self: () => mgr.id,
        },
        { name: 'normal user (Dev)', level: 'normal', client: login('dev', 'per_dev'), self: () => 'per_dev' },
        {
          name: 'API only (sync, with its key)',
          level: 'api_only',
          self: () => 'per_sync',
          client: async () => {
            const c = new Client({
              ...harness,
              request: (path, init) =>
                harness.request(path, {
                  ...init,
                  headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${key.key}` },
                }),
            });
            selves.set(c, 'per_sync');
            return c;
          },
        },
        {
          name: 'no access (cannot sign in)',
          level: 'no_access',
          self: () => noAccess.id,
          client: async () => {
            const c = new Client(harness);
            expect((await c.signIn(noAccess.email)).status).toBe(403);
            selves.set(c, noAccess.id);
            return c;
          },
        },
      );
    });

    async function snapshot(id: string): Promise<Snapshot> {
      const a = await json<{
        person: { level: string };
        settings: string[];
        groups: string[];
        artists: unknown;
        assignments: { roleId: string }[];
        permissions: string[];
      }>(await ana.get(`/api/people/${id}/access`));
      return {
        level: a.person.level,
        settings: a.settings.sort(),
        groups: a.groups.sort(),
        artists: a.artists,
        roles: a.assignments.map((x) => x.roleId).sort(),
        permissions: a.permissions,
      };
    }
    const rolePermissions = async () =>
      (await json<{ permissions: string[] }>(await ana.get(`/api/roles/${roleId}`))).permissions;
    const invitationEmails = async () =>
      (await json<{ invitations: { email: string }[] }>(await ana.get('/api/invitations'))).invitations.map(
        (i) => i.email,
      );

    it.each([
      'outlet administrator (Olga)',
      'normal user managing people, Admin: Non-Financial (Ben)',
      'normal user managing people with no other permission',
      'normal user (Dev)',
      'API only (sync, with its key)',
      'no access (cannot sign in)',
    ])('R9: %s escalates through no grant path', async (name) => {
      const actor = actors.find((a) => a.name === name)!;
      const client = await actor.client();
      const target = await makePerson(harness, 'esc_target', { level: 'normal', outletId: 'out_live' });
      const before = {
        target: await snapshot(target.id),
        self: await snapshot(actor.self()),
        role: await rolePermissions(),
        invitations: (await invitationEmails()).length,
      };
      const suffix = `${Date.now().toString(36)}-${actor.level}`;
      const outcomes: string[] = [];
      for (const path of PATHS) {
        const ctx = { target: target.id, roleId, suffix };
        const response = await path.attempt(client, ctx);
        outcomes.push(`${path.name}: ${response.status}`);
        if (actor.holds?.includes(path.name)) {
          expect([200, 201], `${actor.name} holds what ${path.name} grants`).toContain(response.status);
          await path.undo?.(ana, ctx);
          continue;
        }
        const body = (await response.json()) as { message: string };
        expect([401, 403], `${actor.name} — ${path.name}: ${response.status} ${body.message}`).toContain(
          response.status,
        );
        // Refused by a guard, for a reason it names (not by some unrelated failure).
        expect(body.message, `${actor.name} — ${path.name}`).toMatch(REFUSALS);
      }
      expect(await snapshot(target.id), 'the target person gained nothing').toEqual(before.target);
      expect(await snapshot(actor.self()), 'the actor gained nothing').toEqual(before.self);
      expect(await rolePermissions(), 'the role gained nothing').toEqual(before.role);
      expect((await invitationEmails()).length, 'no invitation went out').toBe(before.invitations);
      expect(outcomes).toHaveLength(PATHS.length);
    });

    it('R9: the same table run by the master user grants every path (the guards refuse escalation, not grants)', async () => {
      selves.set(ana, 'per_ana');
      const target = await makePerson(harness, 'esc_master', { level: 'normal', outletId: 'out_live' });
      const before = await snapshot(target.id);
      const suffix = `${Date.now().toString(36)}-master`;
      for (const path of PATHS) {
        const response = await path.attempt(ana, { target: target.id, roleId, suffix });
        expect([200, 201], `master — ${path.name}: ${await response.clone().text()}`).toContain(response.status);
      }
      const after = await snapshot(target.id);
      expect(after).not.toEqual(before);
      expect(after).toMatchObject({ level: 'master', settings: ['itinerary_access'], roles: ['role_admin'] });
      expect(after.groups).toContain('grp_band');
    });

    it('R2: an outlet administrator manages people of her outlet only, and never makes a master user', async () => {
      const olga = await signedIn(harness, 'olga');
      const inside = await makePerson(harness, 'olga_in', { outletId: 'out_live' });
      expect((await olga.json('PUT', `/api/people/${inside.id}/settings`, { settings: ['read_only'] })).status).toBe(
        200,
      );
      expect((await olga.json('PATCH', `/api/people/${inside.id}`, { level: 'outlet_admin' })).status).toBe(200);
      expect((await olga.json('PATCH', `/api/people/per_cara`, { title: 'x' })).status).toBe(403);
      expect((await olga.json('PATCH', `/api/people/${inside.id}`, { level: 'master' })).status).toBe(403);
      expect(
        (
          await olga.json('POST', '/api/roles/role_box_office/assignments', {
            personId: inside.id,
            scopeType: 'artist',
            scopeId: 'art_okoro',
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await olga.json('POST', '/api/roles/role_box_office/assignments', {
            personId: inside.id,
            scopeType: 'artist',
            scopeId: 'art_vellums',
          })
        ).status,
      ).toBe(403);
      const invited = await olga.json('POST', '/api/invitations', {
        email: `olga-${Date.now()}@example.test`,
        name: 'Outlet hire',
        access: { role: { roleId: 'role_box_office', scopeType: 'outlet', scopeId: 'out_live' } },
      });
      expect(await json<{ access: { outletId: string } }>(invited, 201)).toMatchObject({
        access: { outletId: 'out_live' },
      });
    });

    it("R9: people without the permission to manage people cannot see others' permissions", async () => {
      const dev = await signedIn(harness, 'dev');
      expect((await dev.get('/api/people/per_cara/access')).status).toBe(403);
      const listed = await json<{ people: Record<string, unknown>[] }>(await dev.get('/api/people'));
      for (const p of listed.people) expect(Object.keys(p).sort()).toEqual(['email', 'id', 'name', 'title']);
      expect((await dev.get('/api/roles')).status).toBe(403);
    });
  });
}
