/**
 * A new workspace by sign-up: its own authorization store and model, its owner as master user,
 * the address confirmed through the invitations' mail path; ALLOW_SIGN_UP switches it on; an
 * address with an account gets the same answer and no workspace. R1 for such workspaces is the
 * isolation matrix run against one (isolation-sign-up tests) plus the reverse reads below.
 */
import { describe, expect, it } from 'vitest';
import { and, count, desc, eq } from 'drizzle-orm';
import { authzModels, authzStores } from '../../db/authz/schema.ts';
import { people, workspaces, outbox, signUps, groups, roles } from '../../db/identity/schema.ts';
import { Client, type Harness } from './harness.ts';
import { expectError, json, signedIn } from './people-arrange.ts';
import { dumpDiff, dumpTables } from './db-dump.ts';
import type { ForeignWorkspace } from './isolation.suite.ts';

const PASSWORD = 'a-long-enough-password';
let counter = 0;

/** The confirmation token last mailed to `email` (the local outbox: no RESEND_API_KEY in tests). */
async function mailedToken(harness: Harness, email: string): Promise<string> {
  const [mail] = await harness.db.db
    .select({ text: outbox.text })
    .from(outbox)
    .where(eq(outbox.to, email))
    .orderBy(desc(outbox.createdAt))
    .limit(1);
  const token = /\/sign-up\/confirm#token=([\w-]+)/.exec(mail?.text ?? '')?.[1];
  if (!token) throw new Error(`no confirmation mail to ${email}: ${mail?.text}`);
  return token;
}

export type SignedUp = { client: Client; workspaceId: string; personId: string; email: string; name: string };

/** Signs up and confirms a new workspace (sign-up must be on); its owner is signed in. */
export async function signUpWorkspace(harness: Harness, label: string): Promise<SignedUp> {
  const stamp = `${Date.now().toString(36)}${(counter++).toString(36)}`;
  const email = `owner-${stamp}@${label.toLowerCase()}.test`;
  const name = `${label} Workspace ${stamp}`;
  const client = new Client(harness);
  await json(
    await client.json('POST', '/api/sign-up', {
      workspaceName: name,
      name: `${label} Owner`,
      email,
      password: PASSWORD,
      timezone: 'America/Chicago',
    }),
    202,
  );
  const confirmed = await json<{ person: { id: string; workspaceId: string }; csrfToken: string }>(
    await client.json('POST', '/api/sign-up/confirm', { token: await mailedToken(harness, email) }),
    201,
  );
  client.csrfToken = confirmed.csrfToken;
  return { client, workspaceId: confirmed.person.workspaceId, personId: confirmed.person.id, email, name };
}

/**
 * A workspace made by sign-up as the other workspace of the R1 matrix: its owner makes, through
 * the API, one record of every kind a new workspace can hold.
 */
export const SIGNED_UP_FOREIGN: ForeignWorkspace = {
  label: 'a workspace made by sign-up',
  async prepare(harness) {
    const w = await signUpWorkspace(harness, 'Zephyr');
    const c = w.client;
    const ok = async <T>(response: Promise<Response>, status = 201) => json<T>(await response, status);
    const folder = (await ok<{ folder: { id: string } }>(c.json('POST', '/api/folders', { name: 'Zephyr plans' })))
      .folder.id;
    const file = (
      await ok<{ file: { id: string } }>(
        c.json('POST', `/api/files?name=zephyr.txt&folderId=${folder}`, 'Zephyr secret bytes', {
          'content-type': 'text/plain',
        }),
      )
    ).file.id;
    const task = (await ok<{ task: { id: string } }>(c.json('POST', '/api/tasks', { title: 'Zephyr task' }))).task.id;
    const thread = (
      await ok<{ thread: { id: string } }>(
        c.json('POST', '/api/threads', { title: 'Zephyr thread', body: 'Zephyr hello' }),
      )
    ).thread.id;
    const message = (await ok<{ messages: { id: string }[] }>(c.get(`/api/threads/${thread}`), 200)).messages[0]!.id;
    const contact = (
      await ok<{ contact: { id: string } }>(
        c.json('POST', '/api/contacts', { name: 'Zephyr contact', company: 'Zephyr Ltd' }),
      )
    ).contact.id;
    const venue = (
      await ok<{ venue: { id: string } }>(
        c.json('POST', '/api/venues', { name: 'Zephyr venue', address: 'Zephyr street 1', city: 'Zephyrville' }),
      )
    ).venue.id;
    const group = (await ok<{ id: string }>(c.json('POST', '/api/groups', { name: 'Zephyr group' }))).id;
    const role = (
      await ok<{ id: string }>(c.json('POST', '/api/roles', { name: 'Zephyr role', permissions: ['view_holds'] }))
    ).id;
    const invitation = (
      await ok<{ id: string }>(
        c.json('POST', '/api/invitations', { email: `guest-${w.personId}@zephyr.test`, name: 'Zephyr guest' }),
      )
    ).id;
    const assignment = (
      await ok<{ id: string }>(
        c.json('POST', `/api/roles/${role}/assignments`, {
          personId: w.personId,
          scopeType: 'workspace',
          scopeId: w.workspaceId,
        }),
      )
    ).id;
    return {
      ids: {
        workspace: w.workspaceId,
        person: w.personId,
        folder,
        file,
        task,
        thread,
        message,
        contact,
        venue,
        group,
        role,
        assignment,
        invitation,
      },
      words: [w.name, w.email, 'Zephyr'],
    };
  },
};

/**
 * @param harness sign-up on (ALLOW_SIGN_UP=true)
 * @param off the same database with sign-up off (ALLOW_SIGN_UP unset)
 */
export function signUpSuite(harness: Harness, off: Harness): void {
  describe(`sign-up: a new workspace on ${harness.store}`, () => {
    it('sign-up is refused when ALLOW_SIGN_UP is off, and writes nothing', async () => {
      const before = await dumpTables(harness.db);
      await expectError(
        await new Client(off).json('POST', '/api/sign-up', {
          workspaceName: 'Closed',
          name: 'Nobody',
          email: 'nobody@closed.test',
          password: PASSWORD,
        }),
        403,
        'forbidden',
        /switched off/,
      );
      await expectError(await new Client(off).json('POST', '/api/sign-up/confirm', { token: 'x' }), 403, 'forbidden');
      expect(dumpDiff(before, await dumpTables(harness.db))).toEqual([]);
    });

    it('R1, R3: sign-up makes a workspace with its own store and model, its owner a master user, once the mailed link is followed', async () => {
      const email = `founder-${Date.now().toString(36)}@foundry.test`;
      const client = new Client(harness);
      const answer = await json<{ message: string }>(
        await client.json('POST', '/api/sign-up', {
          workspaceName: 'Foundry Live',
          name: 'Fran Founder',
          email,
          password: PASSWORD,
          timezone: 'Europe/Lisbon',
        }),
        202,
      );
      expect(answer.message).toMatch(/check your mail/);
      // Nothing usable before the confirmation: no person, and the reserved workspace has no store.
      expect(await harness.db.db.select().from(people).where(eq(people.email, email))).toEqual([]);
      const [pending] = await harness.db.db.select().from(signUps).where(eq(signUps.email, email));
      const [reserved] = await harness.db.db.select().from(workspaces).where(eq(workspaces.id, pending!.workspaceId));
      expect(reserved).toMatchObject({ name: 'Foundry Live', timezone: 'Europe/Lisbon', storeId: null });
      expect(pending!.passwordHash).not.toContain(PASSWORD);
      await expectError(await new Client(harness).signIn(email, PASSWORD), 401, 'unauthenticated');

      const token = await mailedToken(harness, email);
      const made = await json<{
        person: { id: string; workspaceId: string; level: string };
        workspace: { name: string };
      }>(await client.json('POST', '/api/sign-up/confirm', { token }), 201);
      expect(made.person).toMatchObject({ workspaceId: reserved!.id, level: 'master' });
      const [ws] = await harness.db.db.select().from(workspaces).where(eq(workspaces.id, reserved!.id));
      const [store] = await harness.db.db.select().from(authzStores).where(eq(authzStores.id, ws!.storeId!));
      expect(store).toMatchObject({ workspaceId: reserved!.id });
      const [{ n: models }] = (await harness.db.db
        .select({ n: count() })
        .from(authzModels)
        .where(eq(authzModels.storeId, ws!.storeId!))) as [{ n: number }];
      expect(models).toBe(1);
      const northline = await harness.db.db.select().from(workspaces).where(eq(workspaces.id, 'ws_northline'));
      expect(ws!.storeId).not.toBe(northline[0]!.storeId);
      expect(
        await harness.db.db.select({ name: groups.name }).from(groups).where(eq(groups.workspaceId, reserved!.id)),
      ).toEqual([{ name: 'Default' }]);
      expect(
        (await harness.db.db.select().from(roles).where(eq(roles.workspaceId, reserved!.id))).length,
      ).toBeGreaterThan(0);

      // The owner is signed in, may manage the workspace, and sees only it.
      const me = await json<{ workspace: { name: string; timezone: string }; can: Record<string, boolean> }>(
        await client.get('/api/workspace'),
      );
      expect(me.workspace).toMatchObject({ name: 'Foundry Live', timezone: 'Europe/Lisbon' });
      expect(me.can.can_manage_people).toBe(true);
      expect(
        (await json<{ settings: unknown; can: { edit: boolean } }>(await client.get('/api/settings'))).can.edit,
      ).toBe(true);
      // The link works once; the password chosen at sign-up signs in.
      await expectError(await new Client(harness).json('POST', '/api/sign-up/confirm', { token }), 404, 'not_found');
      expect((await new Client(harness).signIn(email, PASSWORD)).status).toBe(201);
      const [entry] = await harness.db.db
        .select({ n: count() })
        .from(outbox)
        .where(and(eq(outbox.workspaceId, reserved!.id), eq(outbox.to, email)));
      expect(entry!.n).toBe(1);
    });

    it("R1: a signed-up workspace's owner sees nothing of Northline: every list is its own, every Northline id is 404", async () => {
      const w = await signUpWorkspace(harness, 'Quasar');
      for (const path of [
        '/api/days',
        '/api/people',
        '/api/artists',
        '/api/events',
        '/api/contacts',
        '/api/venues',
        '/api/folders',
        '/api/files',
        '/api/tasks',
        '/api/threads',
        '/api/groups',
        '/api/roles',
        '/api/invitations',
        '/api/outbox',
        '/api/activity',
        '/api/mailing-lists',
        '/api/ticketing/shows',
        '/api/settings',
      ]) {
        const text = await (await w.client.get(path)).text();
        for (const word of ['Northline', 'northline', 'Vellums', 'Ana ', 'per_ana', 'Berlin'])
          expect(text, `${path} leaks ${word}`).not.toContain(word);
      }
      for (const path of [
        '/api/days/day_berlin_1/sheet',
        '/api/people/per_ana',
        '/api/people/per_ana/access',
        '/api/contacts/con_press_rosa',
        '/api/roles/role_admin',
        '/api/groups/grp_band/members',
        '/api/mailing-lists/ml_newsletter',
        '/api/threads/thr_hamburg_settlement',
        '/api/why?person=per_ana&relation=can_view&object=show_day:day_berlin_1',
      ])
        await expectError(await w.client.get(path), 404, 'not_found');
      await expectError(await w.client.json('GET', '/api/workspace', undefined, { 'view-as': 'per_ana' }), 404);
      // And Northline's people see nothing of it.
      const ana = new Client(harness);
      await ana.signIn('ana@northline.test', 'laminate-demo');
      for (const path of ['/api/people', '/api/groups', '/api/roles', '/api/outbox', '/api/activity'])
        expect(await (await ana.get(path)).text()).not.toContain('Quasar');
      await expectError(await ana.get(`/api/people/${w.personId}`), 404, 'not_found');
    });

    it('an address that already has an account gets the same answer, no workspace, and a mail saying so (decided: no more revealed than sign-in reveals)', async () => {
      const [{ n: before }] = (await harness.db.db.select({ n: count() }).from(workspaces)) as [{ n: number }];
      const answer = await json<{ message: string }>(
        await new Client(harness).json('POST', '/api/sign-up', {
          workspaceName: 'Ana again',
          name: 'Ana',
          email: 'ANA@northline.test',
          password: PASSWORD,
        }),
        202,
      );
      const fresh = await json<{ message: string }>(
        await new Client(harness).json('POST', '/api/sign-up', {
          workspaceName: 'Someone new',
          name: 'New',
          email: `new-${Date.now().toString(36)}@fresh.test`,
          password: PASSWORD,
        }),
        202,
      );
      expect(answer).toEqual(fresh);
      const [{ n: after }] = (await harness.db.db.select({ n: count() }).from(workspaces)) as [{ n: number }];
      expect(after).toBe(before + 1); // the new address's reservation only
      expect(await harness.db.db.select().from(signUps).where(eq(signUps.email, 'ana@northline.test'))).toEqual([]);
      const [mail] = await harness.db.db
        .select()
        .from(outbox)
        .where(eq(outbox.to, 'ana@northline.test'))
        .orderBy(desc(outbox.createdAt))
        .limit(1);
      expect(mail).toMatchObject({ subject: 'Your Laminate sign-up' });
      expect(mail!.text).toMatch(/already has an account/);
      expect(mail!.text).not.toMatch(/token=/);
    });

    it('bad sign-up input is a 400 naming the field, and writes nothing', async () => {
      const good = { workspaceName: 'Valid', name: 'Val', email: 'val@valid.test', password: PASSWORD };
      const before = await dumpTables(harness.db);
      for (const [body, field] of [
        [{ ...good, password: 'short' }, 'password'],
        [{ ...good, email: 'not-an-email' }, 'email'],
        [{ ...good, workspaceName: ' ' }, 'workspaceName'],
        [{ ...good, timezone: 'Atlantis/Capital' }, 'timezone'],
      ] as const) {
        const error = await expectError(await new Client(harness).json('POST', '/api/sign-up', body), 400);
        expect(error.field).toBe(field);
      }
      await expectError(
        await new Client(harness).json('POST', '/api/sign-up/confirm', { token: 'not-a-token' }),
        404,
        'not_found',
      );
      expect(dumpDiff(before, await dumpTables(harness.db))).toEqual([]);
    });

    it('issue 15, R1: a signed-up workspace adds its first artist (row, tuples and log entry in one write); Northline neither lists it nor reaches it', async () => {
      const w = await signUpWorkspace(harness, 'Nebula');
      expect((await json<{ artists: unknown[] }>(await w.client.get('/api/artists'))).artists).toEqual([]);
      const made = await json<{
        artist: { id: string; name: string; outletId: string | null; can: { createEvents: boolean } };
      }>(await w.client.json('POST', '/api/artists', { name: 'The Nebulas' }), 201);
      expect(made.artist).toMatchObject({ name: 'The Nebulas', outletId: null });
      const listed = await json<{ artists: { id: string; can: { createEvents: boolean } }[] }>(
        await w.client.get('/api/artists'),
      );
      expect(listed.artists.map((a) => a.id)).toEqual([made.artist.id]);
      expect(listed.artists[0]?.can.createEvents).toBe(true);
      const log = await json<{ entries: { action: string; subject: string }[] }>(await w.client.get('/api/activity'));
      expect(log.entries.find((e) => e.action === 'artist_created')?.subject).toBe(`artist:${made.artist.id}`);
      await expectError(await w.client.json('POST', '/api/artists', { name: 'the nebulas' }), 409, 'conflict');
      const ana = await signedIn(harness, 'ana');
      const theirs = await json<{ artists: { id: string }[] }>(await ana.get('/api/artists'));
      expect(theirs.artists.map((a) => a.id)).not.toContain(made.artist.id);
      await expectError(
        await ana.json('PUT', `/api/people/per_fay/artists/${made.artist.id}`, { level: 'full' }),
        404,
        'not_found',
      );
    });

    it('R6, R2: adding an artist needs Edit System Settings — Cara is refused (403, nothing written); the outlet administrator adds to her own outlet only; bad input is a 400', async () => {
      const cara = await signedIn(harness, 'cara');
      const olga = await signedIn(harness, 'olga');
      const before = await dumpTables(harness.db);
      await expectError(await cara.json('POST', '/api/artists', { name: 'Cara Band' }), 403, 'forbidden');
      await expectError(
        await cara.json('POST', '/api/artists', { name: 'Cara Band', outletId: 'out_live' }),
        403,
        'forbidden',
      );
      await expectError(await olga.json('POST', '/api/artists', { name: 'Olga Outside' }), 403, 'forbidden');
      await expectError(await olga.json('POST', '/api/artists', { name: '   ' }), 400, 'validation_error');
      expect(dumpDiff(before, await dumpTables(harness.db))).toEqual([]);
      const inside = await json<{ artist: { id: string; outletId: string | null } }>(
        await olga.json('POST', '/api/artists', { name: `Live Act ${harness.store}`, outletId: 'out_live' }),
        201,
      );
      expect(inside.artist.outletId).toBe('out_live');
      const listed = await json<{ artists: { id: string }[] }>(await olga.get('/api/artists'));
      expect(listed.artists.map((a) => a.id)).toContain(inside.artist.id);
      await expectError(
        await olga.json('POST', '/api/artists', { name: 'Nowhere', outletId: 'out_nowhere' }),
        404,
        'not_found',
      );
    });
  });
}
