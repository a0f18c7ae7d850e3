import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { authzTuples } from '../../db/authz/schema.ts';
import { people, workspaces, emailChanges, personApiKeys } from '../../db/identity/schema.ts';
import { Client, type Harness } from './harness.ts';
import { HARBOR, seedHarbor } from './second-workspace.ts';
import { expectError, expectSecured, json, makePerson, PASSWORD, signedIn, type Endpoint } from './people-arrange.ts';

type PersonView = {
  id: string;
  name: string;
  email?: string;
  level?: string;
  status?: string;
  failedSignIns?: number;
  hiredAt?: string | null;
  resignedAt?: string | null;
};
type Access = {
  person: PersonView;
  settings: string[];
  groups: string[];
  artists: Record<string, { level: string | null; financial: boolean }>;
  assignments: { roleId: string; scopeType: string }[];
  permissions: string[];
  collaboration: string;
  collaborator: {
    label: string;
    everywhere: boolean;
    scopes: { type: string; id: string; name: string; permissions: string[] }[];
    text: string;
  };
};
type Entry = { action: string; actor: string | null; subject: string; before: unknown; after: unknown };
const DAY = 24 * 60 * 60 * 1000;

async function activityOf(ana: Client, personId: string): Promise<Entry[]> {
  const body = await json<{ entries: Entry[] }>(await ana.get(`/api/activity?person=${personId}&limit=1000`));
  return body.entries.reverse();
}

/** People (R3–R5, R8, R9, R13, R15, R20) through the HTTP API. */
export function peopleSuite(harness: Harness): void {
  describe(`people on ${harness.store}`, () => {
    let ana: Client;
    let harbor: Client;
    let dev: Client;
    beforeAll(async () => {
      await seedHarbor(harness.db);
      ana = await signedIn(harness, 'ana');
      dev = await signedIn(harness, 'dev');
      harbor = await signedIn(harness, HARBOR.email);
    });

    it('R20: the list holds only people who share a group with the reader; others answer 404', async () => {
      const a = await makePerson(harness, 'loner_a', { defaultGroup: false });
      const b = await makePerson(harness, 'loner_b', { defaultGroup: false });
      const reader = await signedIn(harness, a.email);
      const listed = (await json<{ people: PersonView[] }>(await reader.get('/api/people'))).people.map((p) => p.id);
      expect(listed).toEqual([a.id]);
      await expectError(await reader.get(`/api/people/${b.id}`), 404, 'not_found');
      // Administrators see everyone (R13), with the access columns of people they manage.
      const all = (await json<{ people: PersonView[] }>(await ana.get('/api/people'))).people;
      expect(all.map((p) => p.id)).toEqual(expect.arrayContaining([a.id, b.id, 'per_cara', 'per_sync']));
      expect(all.find((p) => p.id === 'per_lou')).toMatchObject({ status: 'locked', failedSignIns: 5 });
      // R1: another workspace's list holds none of Northline's people.
      expect((await json<{ people: PersonView[] }>(await harbor.get('/api/people'))).people.map((p) => p.id)).toEqual([
        HARBOR.personId,
      ]);
    });

    it('R11: when the Promoter role gains "Manage the guest list", Gus (Promoter on the two Berlin shows only) is a Collaborator on those two shows', async () => {
      const role = await json<{ revision: number; permissions: string[] }>(await ana.get('/api/roles/role_promoter'));
      expect(role.permissions.some((p) => p.startsWith('manage_'))).toBe(false);
      const before = await json<Access>(await ana.get('/api/people/per_gus/access'));
      expect(before).toMatchObject({
        collaboration: 'view_only',
        collaborator: { label: 'view_only', everywhere: false, scopes: [], text: 'View-only' },
      });
      const edited = await ana.json(
        'PATCH',
        '/api/roles/role_promoter',
        { permissions: [...role.permissions, 'manage_guest_list'] },
        { 'if-match': `"r${role.revision}"` },
      );
      expect(edited.status).toBe(200);
      try {
        const gus = await json<Access>(await ana.get('/api/people/per_gus/access'));
        expect(gus.collaboration).toBe('collaborator');
        expect(gus.collaborator.label).toBe('collaborator');
        expect(gus.collaborator.everywhere).toBe(false);
        expect(gus.collaborator.scopes.map(({ type, id, permissions }) => ({ type, id, permissions }))).toEqual([
          { type: 'event', id: 'ev_berlin_1', permissions: ['manage_guest_list'] },
          { type: 'event', id: 'ev_berlin_2', permissions: ['manage_guest_list'] },
        ]);
        const [first, second] = gus.collaborator.scopes.map((s) => s.name);
        expect(first).toMatch(/^Berlin \d{4}-\d{2}-\d{2}$/);
        expect(gus.collaborator.text).toBe(`Collaborator on ${first} and ${second}`);
        // Nowhere else: not the workspace (no manage permission there), and Cara stays View-only.
        expect(gus.permissions).not.toContain('manage_guest_list');
        const cara = await json<Access>(await ana.get('/api/people/per_cara/access'));
        expect(cara.collaborator).toMatchObject({ label: 'view_only', scopes: [] });
        // A workspace-wide manager is a Collaborator everywhere.
        const own = await json<Access>(await ana.get('/api/people/per_ana/access'));
        expect(own.collaborator).toMatchObject({ label: 'collaborator', everywhere: true, text: 'Collaborator' });
      } finally {
        const now = await json<{ revision: number }>(await ana.get('/api/roles/role_promoter'));
        await ana.json(
          'PATCH',
          '/api/roles/role_promoter',
          { permissions: role.permissions },
          { 'if-match': `"r${now.revision}"` },
        );
      }
    });

    it("R9: only those who manage people see another person's access; everyone sees their own", async () => {
      await expectError(await dev.get('/api/people/per_cara/access'), 403, 'forbidden');
      const own = await json<Access>(await dev.get('/api/people/per_dev/access'));
      expect(own.artists).toEqual({
        art_vellums: { level: 'read_only', financial: false, socialSync: false, travel: true },
      });
      const cara = await json<Access>(await ana.get('/api/people/per_cara/access'));
      expect(cara.artists.art_vellums).toMatchObject({ level: 'full', financial: true });
      expect(cara.assignments).toEqual([
        expect.objectContaining({ roleId: 'role_team_member', scopeType: 'workspace' }),
      ]);
      expect(cara.settings).toEqual(expect.arrayContaining(['tasks_all', 'export_access']));
      expect(cara.permissions).toContain('view_financial');
      expect(cara.collaboration).toBe('view_only');
      // Not even visible: 404 (no probing).
      const loner = await makePerson(harness, 'loner_c', { defaultGroup: false });
      await expectError(
        await (await signedIn(harness, loner.email)).get('/api/people/per_cara/access'),
        404,
        'not_found',
      );
    });

    it('R4, R8: a resigned date set now ends the session on the very next request and rewrites the member tuple', async () => {
      const p = await makePerson(harness, 'leaver', { role: 'role_team_member' });
      const them = await signedIn(harness, p.email);
      expect((await them.get('/api/days')).status).toBe(200);
      const resignedAt = new Date(Date.now() - 1000).toISOString();
      const changed = await json<PersonView>(await ana.json('PATCH', `/api/people/${p.id}`, { resignedAt }));
      expect(changed).toMatchObject({ status: 'resigned', resignedAt });
      expect((await them.get('/api/days')).status).toBe(401);
      const [member] = await harness.db.db
        .select()
        .from(authzTuples)
        .where(
          and(
            eq(authzTuples.objectId, 'ws_northline'),
            eq(authzTuples.relation, 'member'),
            eq(authzTuples.userId, p.id),
          ),
        );
      expect((member!.conditionContext as { resigned_at: string }).resigned_at).toBe(
        resignedAt.replace(/\.\d{3}Z$/, 'Z'),
      );
      // Clearing it restores access on the next request.
      await json(await ana.json('PATCH', `/api/people/${p.id}`, { resignedAt: null }));
      expect((await (await signedIn(harness, p.email)).get('/api/days')).status).toBe(200);
    });

    it('R4: the intern hired next month and the crew member who left are refused with clear messages; records and history stay', async () => {
      await expectError(await new Client(harness).signIn('ian@northline.test'), 403, 'forbidden', /hired date/);
      await expectError(await new Client(harness).signIn('rex@northline.test'), 403, 'forbidden', /resigned date/);
      expect(await json<PersonView>(await ana.get('/api/people/per_ian'))).toMatchObject({
        status: 'not_yet_hired',
        hiredAt: expect.any(String),
      });
      expect(await json<PersonView>(await ana.get('/api/people/per_rex'))).toMatchObject({
        status: 'resigned',
        resignedAt: expect.any(String),
      });
      const rex = await json<Access>(await ana.get('/api/people/per_rex/access'));
      expect(rex.assignments).toEqual([expect.objectContaining({ roleId: 'role_team_member' })]);
      expect(rex.permissions).toEqual([]);
      expect((await activityOf(ana, 'per_rex')).map((e) => e.action)).toContain('sign_in_failed');
      // A future hired date set by an admin: refused until then.
      const p = await makePerson(harness, 'intern');
      await json(
        await ana.json('PATCH', `/api/people/${p.id}`, {
          hiredAt: new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10),
        }),
      );
      await expectError(await new Client(harness).signIn(p.email, PASSWORD), 403, 'forbidden', /hired date/);
    });

    it('R3: a level change takes effect at once: no access cannot sign in, API only has no interactive sign-in', async () => {
      const p = await makePerson(harness, 'levels', { role: 'role_team_member' });
      await json(await ana.json('PATCH', `/api/people/${p.id}`, { level: 'no_access' }));
      await expectError(await new Client(harness).signIn(p.email, PASSWORD), 403, 'forbidden', /no access/);
      expect((await json<{ people: PersonView[] }>(await ana.get('/api/people'))).people.map((x) => x.id)).toContain(
        p.id,
      );
      await json(await ana.json('PATCH', `/api/people/${p.id}`, { level: 'api_only' }));
      await expectError(await new Client(harness).signIn(p.email, PASSWORD), 403, 'forbidden', /API only/);
      await json(await ana.json('PATCH', `/api/people/${p.id}`, { level: 'normal' }));
      await signedIn(harness, p.email);
    });

    it('R23, R8: a setting switched on is honoured by the next request, and off again', async () => {
      const p = await makePerson(harness, 'settings', { role: 'role_team_member' });
      const them = await signedIn(harness, p.email);
      await expectError(await them.get('/api/activity'), 403, 'forbidden');
      expect(
        await json(
          await ana.json('PUT', `/api/people/${p.id}/settings`, { settings: ['activity_log_access', 'export_access'] }),
        ),
      ).toEqual({ settings: ['activity_log_access', 'export_access'] });
      expect((await them.get('/api/activity')).status).toBe(200);
      await json(await ana.json('PUT', `/api/people/${p.id}/settings`, { settings: [] }));
      await expectError(await them.get('/api/activity'), 403, 'forbidden');
      await expectError(
        await ana.json('PUT', `/api/people/${p.id}/settings`, { settings: ['no_such_setting'] }),
        400,
        'validation_error',
      );
    });

    it("R15, R8: artist access None hides the artist's days on the next request; clearing it shows them again", async () => {
      const p = await makePerson(harness, 'artists', { role: 'role_team_member' });
      const them = await signedIn(harness, p.email);
      expect((await them.get('/api/days/day_cologne/sheet')).status).toBe(200);
      expect(
        await json(await ana.json('PUT', `/api/people/${p.id}/artists/art_vellums`, { level: 'none' })),
      ).toMatchObject({ level: 'none' });
      expect((await them.get('/api/days/day_cologne/sheet')).status).toBe(404);
      await json(await ana.json('PUT', `/api/people/${p.id}/artists/art_vellums`, { level: null }));
      expect((await them.get('/api/days/day_cologne/sheet')).status).toBe(200);
      await expectError(
        await ana.json('PUT', `/api/people/${p.id}/artists/${HARBOR.artistId}`, { level: 'full' }),
        404,
        'not_found',
      );
    });

    it("R15: Travel unticked hides the artist's travel items and hotels on the next request whatever the role grants; the preview names the loss; ticking it again shows them", async () => {
      const p = await makePerson(harness, 'no_travel', { role: 'role_team_member' });
      const them = await signedIn(harness, p.email);
      type Sheet = { travel?: { id: string }[]; hotels?: { id: string }[] };
      const sheet = async () => json<Sheet>(await them.get('/api/days/day_cologne/sheet'));
      const seen = await sheet();
      expect(seen.travel?.length).toBeGreaterThan(0);
      expect(seen.hotels?.length).toBeGreaterThan(0);
      const body = { level: null, financial: false, socialSync: false, travel: false };
      const dry = await json<{
        people: { personId: string; losses: { type: string; objects: { id: string }[] }[]; text: string }[];
      }>(await ana.json('PUT', `/api/people/${p.id}/artists/art_vellums?dryRun=true`, body));
      const mine = dry.people.find((x) => x.personId === p.id);
      expect(mine?.losses.find((l) => l.type === 'travel_item')?.objects.map((o) => o.id)).toEqual(
        expect.arrayContaining(seen.travel!.map((t) => t.id)),
      );
      expect(mine?.losses.find((l) => l.type === 'hotel_stay')?.objects.length).toBeGreaterThan(0);
      expect(mine?.text).toMatch(/loses .*travel item/);
      expect(await json(await ana.json('PUT', `/api/people/${p.id}/artists/art_vellums`, body))).toMatchObject({
        travel: false,
      });
      const hidden = await sheet();
      expect(hidden.travel ?? []).toEqual([]);
      expect(hidden.hotels ?? []).toEqual([]);
      const access = await json<{ artists: Record<string, { travel?: boolean }> }>(
        await ana.get(`/api/people/${p.id}/access`),
      );
      expect(access.artists.art_vellums?.travel).toBe(false);
      const log = (await activityOf(ana, p.id)).filter((e) => e.action === 'artist_access_changed').at(-1);
      expect(log?.before).toMatchObject({ artistId: 'art_vellums', travel: true });
      expect(log?.after).toMatchObject({ artistId: 'art_vellums', travel: false });
      await json(await ana.json('PUT', `/api/people/${p.id}/artists/art_vellums`, { ...body, travel: true }));
      expect((await sheet()).travel?.map((t) => t.id)).toEqual(seen.travel!.map((t) => t.id));
    });

    it("R9, R15: ticking Travel again needs the editor to see that artist's travel: 403 and nothing written; grantable says why; unticking stays allowed", async () => {
      // a people manager (Edit System Settings, not an administrator) whose own Vellums travel is off
      const manager = await makePerson(harness, 'travel_mgr', {
        role: 'role_admin_non_financial',
        extraTuples: (id) => [{ object: 'artist:art_vellums', relation: 'travel_off', user: `user:${id}` }],
      });
      const target = await makePerson(harness, 'travel_target', {
        role: 'role_team_member',
        extraTuples: (id) => [{ object: 'artist:art_vellums', relation: 'travel_off', user: `user:${id}` }],
      });
      const editor = await signedIn(harness, manager.email);
      const grantable = await json<{ artists: { id: string; travel: { allowed: boolean; reason: string | null } }[] }>(
        await editor.get(`/api/people/${target.id}/grantable`),
      );
      const vellums = grantable.artists.find((a) => a.id === 'art_vellums');
      expect(vellums?.travel.allowed).toBe(false);
      expect(vellums?.travel.reason).toMatch(/travel/);
      const body = { level: null, financial: false, socialSync: false, travel: true };
      const before = await json<{ artists: Record<string, { travel?: boolean }> }>(
        await ana.get(`/api/people/${target.id}/access`),
      );
      await expectError(
        await editor.json('PUT', `/api/people/${target.id}/artists/art_vellums`, body),
        403,
        'forbidden',
      );
      await expectError(
        await editor.json('PUT', `/api/people/${target.id}/artists/art_vellums?dryRun=true`, body),
        403,
        'forbidden',
      );
      const after = await json<{ artists: Record<string, { travel?: boolean }> }>(
        await ana.get(`/api/people/${target.id}/access`),
      );
      expect(after).toEqual(before);
      expect(after.artists.art_vellums?.travel).toBe(false);
      // Ana (master) may tick it again
      expect(await json(await ana.json('PUT', `/api/people/${target.id}/artists/art_vellums`, body))).toMatchObject({
        travel: true,
      });
    });

    /** The email-change token last mailed to `to`, read from the local outbox by `reader`. */
    async function mailedEmailToken(reader: Client, to: string): Promise<string> {
      const outbox = await json<{ messages: { to: string; text: string | null }[] }>(await reader.get('/api/outbox'));
      const text = outbox.messages.find((m) => m.to === to)?.text ?? '';
      const token = /\/email-change#token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
      expect(token, `a confirmation mailed to ${to}`).toBeTruthy();
      return token!;
    }
    const confirmEmail = (token: string) =>
      harness.request('/api/email-change/confirm', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
    const emailOf = async (id: string) => (await json<Access>(await ana.get(`/api/people/${id}/access`))).person;

    it('issue 15: an email change is confirmed by mail — the link goes to the NEW address, the email changes only when it is followed, once; logged before and after', async () => {
      const p = await makePerson(harness, 'mover');
      const next = `moved-${p.id}@elsewhere.test`.toLowerCase();
      const asked = await json<{ email: string; expiresAt: string }>(
        await ana.json('POST', `/api/people/${p.id}/email`, { email: next }),
        202,
      );
      expect(asked.email).toBe(next);
      const token = await mailedEmailToken(ana, next);
      // nothing changed yet: the old address still signs in, the new one not
      expect((await emailOf(p.id)).email).toBe(p.email);
      expect((await new Client(harness).signIn(p.email, PASSWORD)).status).toBe(201);
      const stored = await harness.db.db.select().from(emailChanges).where(eq(emailChanges.personId, p.id));
      expect(stored).toHaveLength(1);
      expect(stored[0]!.tokenHash).not.toContain(token);
      expect(JSON.stringify(stored)).not.toContain(token);
      expect(await json(await confirmEmail(token))).toEqual({ personId: p.id, email: next });
      expect((await emailOf(p.id)).email).toBe(next);
      expect((await new Client(harness).signIn(next, PASSWORD)).status).toBe(201);
      expect((await new Client(harness).signIn(p.email, PASSWORD)).status).not.toBe(201);
      const log = await activityOf(ana, p.id);
      expect(log.find((e) => e.action === 'email_change_requested')).toMatchObject({
        before: { email: p.email },
        after: { email: next },
      });
      expect(log.find((e) => e.action === 'email_changed')).toMatchObject({
        before: { email: p.email },
        after: { email: next },
      });
      // reused: refused, nothing written
      const dump = await harness.db.db.select().from(people).where(eq(people.id, p.id));
      await expectError(await confirmEmail(token), 404, 'not_found');
      expect(await harness.db.db.select().from(people).where(eq(people.id, p.id))).toEqual(dump);
    });

    it('issue 15, R1, R9: email-change security — an expired, mistyped or reused link changes nothing; a taken address is a 409; only managers (or the person) ask; another workspace neither asks for nor confirms a Northline change', async () => {
      const p = await makePerson(harness, 'stayer');
      const next = `expired-${p.id}@elsewhere.test`.toLowerCase();
      await json(await ana.json('POST', `/api/people/${p.id}/email`, { email: next }), 202);
      const token = await mailedEmailToken(ana, next);
      await harness.db.db
        .update(emailChanges)
        .set({ expiresAt: Date.now() - 1 })
        .where(eq(emailChanges.personId, p.id));
      await expectError(await confirmEmail(token), 404, 'not_found');
      await expectError(await confirmEmail('not-a-token'), 404, 'not_found');
      expect((await emailOf(p.id)).email).toBe(p.email);
      // an address another account holds
      await expectError(
        await ana.json('POST', `/api/people/${p.id}/email`, { email: 'cara@northline.test' }),
        409,
        'conflict',
      );
      // Dev manages nobody: 403 for Cara
      await expectError(
        await dev.json('POST', '/api/people/per_cara/email', { email: 'cara-new@elsewhere.test' }),
        403,
        'forbidden',
      );
      // another workspace: its ids are 404 both ways
      await expectError(
        await ana.json('POST', `/api/people/${HARBOR.personId}/email`, { email: 'leak@elsewhere.test' }),
        404,
        'not_found',
      );
      await expectError(
        await harbor.json('POST', `/api/people/${p.id}/email`, { email: 'leak2@elsewhere.test' }),
        404,
        'not_found',
      );
      // Harbor's own token changes Harbor's person only, never a Northline one
      const northline = await harness.db.db
        .select({ id: people.id, email: people.email })
        .from(people)
        .where(eq(people.workspaceId, 'ws_northline'));
      const harborNext = `harbor-${Date.now().toString(36)}@harbor.test`;
      await json(await harbor.json('POST', `/api/people/${HARBOR.personId}/email`, { email: harborNext }), 202);
      expect(await confirmEmail(await mailedEmailToken(harbor, harborNext))).toHaveProperty('status', 200);
      expect(
        await harness.db.db
          .select({ id: people.id, email: people.email })
          .from(people)
          .where(eq(people.workspaceId, 'ws_northline')),
      ).toEqual(northline);
      // and back, so the rest of the suite signs in to Harbor as before
      await json(await harbor.json('POST', `/api/people/${HARBOR.personId}/email`, { email: HARBOR.email }), 202);
      expect(await confirmEmail(await mailedEmailToken(harbor, HARBOR.email))).toHaveProperty('status', 200);
    });

    it('R5: five wrong passwords lock the account; the sixth, right, attempt is refused; an admin reinstates it; every step is logged', async () => {
      const p = await makePerson(harness, 'lockout', { role: 'role_team_member' });
      for (let i = 1; i <= 5; i++)
        await expectError(await new Client(harness).signIn(p.email, `wrong-${i}`), 401, 'unauthenticated');
      await expectError(await new Client(harness).signIn(p.email, PASSWORD), 403, 'forbidden', /locked/);
      expect(await json<PersonView>(await ana.get(`/api/people/${p.id}`))).toMatchObject({
        status: 'locked',
        failedSignIns: 5,
      });
      // Ben (Admin: Non-Financial, administrator) sees the counter too; Dev does not.
      const ben = await signedIn(harness, 'ben');
      expect(await json<PersonView>(await ben.get(`/api/people/${p.id}`))).toMatchObject({ failedSignIns: 5 });
      expect(await json<PersonView>(await dev.get(`/api/people/${p.id}`))).not.toHaveProperty('failedSignIns');
      const { oneTimePassword } = await json<{ oneTimePassword: string }>(
        await ben.json('POST', `/api/people/${p.id}/reinstate`),
      );
      expect(oneTimePassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(await json<PersonView>(await ana.get(`/api/people/${p.id}`))).toMatchObject({
        status: 'active',
        failedSignIns: 0,
        resignedAt: null,
      });
      // The old password is gone; the one-time password only lets them choose a new one.
      await expectError(await new Client(harness).signIn(p.email, PASSWORD), 401, 'unauthenticated');
      const first = await new Client(harness).json('POST', '/api/session', {
        login: p.email,
        password: oneTimePassword,
      });
      expect((await expectError(first, 403, 'forbidden', /one-time/)).field).toBe('newPassword');
      const chosen = await new Client(harness).json('POST', '/api/session', {
        login: p.email,
        password: oneTimePassword,
        newPassword: 'a-new-password-42',
      });
      expect(chosen.status).toBe(201);
      await expectError(await new Client(harness).signIn(p.email, oneTimePassword), 401, 'unauthenticated');
      await signedIn(harness, p.email, 'a-new-password-42');
      const actions = (await activityOf(ana, p.id)).map((e) => e.action);
      expect(actions).toEqual([
        'sign_in_failed',
        'sign_in_failed',
        'sign_in_failed',
        'sign_in_failed',
        'sign_in_failed',
        'lockout', // five wrong passwords
        'sign_in_failed', // the sixth attempt, with the right password
        'reinstatement',
        'sign_in_failed', // the old password
        'password_changed',
        'sign_in', // the one-time password, with a new one
        'sign_in_failed', // the one-time password again
        'sign_in',
      ]);
    });

    it("R5: the lockout threshold is the workspace's own setting", async () => {
      const p = await makePerson(harness, 'threshold');
      await harness.db.db.update(workspaces).set({ lockoutThreshold: 3 }).where(eq(workspaces.id, 'ws_northline'));
      try {
        for (let i = 0; i < 3; i++) await new Client(harness).signIn(p.email, 'wrong');
        const [row] = await harness.db.db.select().from(people).where(eq(people.id, p.id));
        expect(row).toMatchObject({ failedSignIns: 3, resignedAt: expect.any(Number) });
      } finally {
        await harness.db.db.update(workspaces).set({ lockoutThreshold: 5 }).where(eq(workspaces.id, 'ws_northline'));
      }
    });

    it('R25: an API key acts as its person on the workspace API, read-only, and stops on the next request after a revocation', async () => {
      const p = await makePerson(harness, 'api', { role: 'role_team_member', settings: ['api_access'] });
      const them = await signedIn(harness, p.email);
      const created = await json<{ id: string; key: string }>(
        await them.json('POST', '/api/api-keys', { name: 'my script' }),
        201,
      );
      expect(created.key).toMatch(/^lam_[A-Za-z0-9_-]{43}$/);
      const [row] = await harness.db.db.select().from(personApiKeys).where(eq(personApiKeys.id, created.id));
      expect(row!.secretHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(created.key);
      const bearer = (path: string, method = 'GET') =>
        harness.request(path, {
          method,
          headers: { authorization: `Bearer ${created.key}`, 'content-type': 'application/json' },
          ...(method === 'GET' ? {} : { body: '{}' }),
        });
      expect(await json<{ person: { id: string } }>(await bearer('/api/session'))).toMatchObject({
        person: { id: p.id },
      });
      expect(await json(await bearer('/api/days/day_cologne/sheet'))).toHaveProperty('settlement');
      await expectError(await bearer(`/api/people/${p.id}/settings`, 'PUT'), 403, 'forbidden', /read-only/);
      // Its grants are the person's, decided per request: a change shows at once (R8).
      await json(await ana.json('PUT', `/api/people/${p.id}/artists/art_vellums`, { level: 'none' }));
      expect((await bearer('/api/days/day_cologne/sheet')).status).toBe(404);
      // The edge API's store keys are another thing: this key opens no OpenFGA store.
      expect((await harness.request('/stores', { headers: { authorization: `Bearer ${created.key}` } })).status).toBe(
        401,
      );
      const second = await json<{ key: string }>(await them.json('POST', '/api/api-keys', { name: 'second' }), 201);
      expect((await them.json('DELETE', `/api/api-keys/${created.id}`)).status).toBe(204);
      await expectError(await bearer('/api/session'), 401, 'unauthenticated', /not valid/);
      // Without REST API access there is no key (R25), and only a master user makes one for someone else (R9).
      await expectError(await dev.json('POST', '/api/api-keys', { name: 'x' }), 403, 'forbidden', /no REST API access/);
      const forSync = await json<{ key: string; personId: string }>(
        await ana.json('POST', '/api/api-keys', { name: 'sync', personId: 'per_sync' }),
        201,
      );
      expect(forSync.personId).toBe('per_sync');
      expect((await harness.request('/api/days', { headers: { authorization: `Bearer ${forSync.key}` } })).status).toBe(
        200,
      );
      // A resigned person's key stops too (R4).
      await json(
        await ana.json('PATCH', `/api/people/${p.id}`, { resignedAt: new Date(Date.now() - 1000).toISOString() }),
      );
      expect((await harness.request('/api/days', { headers: { authorization: `Bearer ${second.key}` } })).status).toBe(
        401,
      );
    });

    it("every API key endpoint: 401 without a session, 404 for another workspace's key", async () => {
      const key = await json<{ id: string }>(
        await ana.json('POST', '/api/api-keys', { name: 'sec', personId: 'per_sync' }),
        201,
      );
      await expectSecured(
        harness,
        { method: 'DELETE', path: `/api/api-keys/${key.id}` },
        { outsider: harbor, unprivileged: dev, denied: 404 },
      );
      expect((await new Client(harness).get('/api/api-keys')).status).toBe(401);
      expect((await new Client(harness).json('POST', '/api/api-keys', { name: 'x' })).status).toBe(401);
      expect((await json<{ keys: unknown[] }>(await harbor.get('/api/api-keys'))).keys).toEqual([]);
      expect((await json<{ keys: { personId: string }[] }>(await dev.get('/api/api-keys'))).keys).toEqual([]);
    });

    it('every people endpoint: 401 without a session, 404 from another workspace, 403 without the permission', async () => {
      const target = await makePerson(harness, 'secured');
      const endpoints: Endpoint[] = [
        { method: 'GET', path: `/api/people/${target.id}/access` },
        { method: 'PATCH', path: `/api/people/${target.id}`, body: { level: 'normal' } },
        { method: 'PUT', path: `/api/people/${target.id}/settings`, body: { settings: [] } },
        { method: 'PUT', path: `/api/people/${target.id}/artists/art_vellums`, body: { level: null } },
        { method: 'POST', path: `/api/people/${target.id}/reinstate` },
      ];
      for (const e of endpoints) await expectSecured(harness, e, { outsider: harbor, unprivileged: dev, denied: 403 });
      await expectSecured(
        harness,
        { method: 'GET', path: `/api/people/${target.id}` },
        {
          outsider: harbor,
          unprivileged: await signedIn(harness, (await makePerson(harness, 'alone', { defaultGroup: false })).email),
          denied: 404,
        },
      );
      expect((await new Client(harness).get('/api/people')).status).toBe(401);
    });
  });
}
