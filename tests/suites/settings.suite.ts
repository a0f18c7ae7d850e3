/**
 * Workspace settings (R6): gated by Edit System Settings, logged with before and after (R28),
 * optimistic (If-Match → 409), and applied on the very next request: the lockout threshold
 * (R5) on the next sign-ins, the time zone on the next day sheet, the export toggle (R23) on
 * the next export, a branding set on the next sheet.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { activityLog, people } from '../../db/identity/schema.ts';
import { Client, type Harness } from './harness.ts';
import { expectError, json, makePerson, signedIn } from './people-arrange.ts';
import { dumpDiff, dumpTables } from './db-dump.ts';

type Settings = {
  name: string;
  timezone: string;
  lockoutThreshold: number;
  invitationExpiryDays: number;
  signInRateLimit: number;
  features: { exports: boolean };
  branding: {
    sets: { id: string; name: string; primaryColor: string; accentColor: string; logoUrl?: string }[];
    artists: Record<string, string>;
  };
  revision: number;
};
type SettingsAnswer = { settings: Settings; can: { edit: boolean }; reason?: string };
type Sheet = {
  timezone: string;
  guestCutoffLocal?: string;
  guestList?: { cutoffAt: number | null };
  branding?: { name: string; primaryColor: string; accentColor: string; logoUrl?: string };
};

/** `YYYY-MM-DD HH:MM` of an instant shifted by whole hours, computed without Intl. */
const shifted = (instant: number, hours: number) => {
  const iso = new Date(instant + hours * 3_600_000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
};
/** A 1×1 PNG. */
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
  (ch) => ch.charCodeAt(0),
);

export function settingsSuite(harness: Harness): void {
  describe(`workspace settings (R6) on ${harness.store}`, () => {
    let ana: Client;
    let cara: Client;
    let original: Settings;

    const read = async (client: Client) => json<SettingsAnswer>(await client.get('/api/settings'));
    const save = async (body: unknown, headers: Record<string, string> = {}) =>
      json<SettingsAnswer>(await ana.json('PATCH', '/api/settings', body, headers));

    beforeAll(async () => {
      ana = await signedIn(harness, 'ana');
      cara = await signedIn(harness, 'cara');
      original = (await read(ana)).settings;
    });

    // Every test leaves the workspace as it found it (other suites share the demo).
    afterEach(async () => {
      const { settings } = await read(ana);
      const { revision: _r, branding: _b, ...rest } = original;
      const sets = settings.branding.sets.map(({ logoUrl: _, ...set }) => set);
      const restored = await ana.json('PATCH', '/api/settings', { ...rest, branding: { sets, artists: {} } });
      expect(restored.status, await restored.clone().text()).toBe(200);
    });

    it('R6: every member reads the settings; only Edit System Settings may change them, and the answer says so', async () => {
      const mine = await read(ana);
      expect(mine.can.edit).toBe(true);
      expect(mine.reason).toBeUndefined();
      expect(mine.settings).toMatchObject({ name: 'Northline Mgmt', lockoutThreshold: 5, features: { exports: true } });
      const hers = await read(cara);
      expect(hers.can.edit).toBe(false);
      expect(hers.reason).toMatch(/Edit System Settings/);
      expect(hers.settings).toEqual(mine.settings);
      expect((await new Client(harness).get('/api/settings')).status).toBe(401);
    });

    it("R6: Cara's attempt to change settings is 403 and writes nothing (the whole database is unchanged)", async () => {
      const before = await dumpTables(harness.db);
      await expectError(
        await cara.json('PATCH', '/api/settings', { timezone: 'Asia/Tokyo', lockoutThreshold: 1 }),
        403,
        'forbidden',
        /Edit System Settings/,
      );
      await expectError(
        await cara.json('PATCH', '/api/settings', {
          branding: { sets: [{ name: 'Cara', primaryColor: '#000000', accentColor: '#ffffff' }], artists: {} },
        }),
        403,
        'forbidden',
      );
      await expectError(
        await cara.json('PUT', '/api/settings/branding/brd_any/logo', new TextDecoder('latin1').decode(PNG), {
          'content-type': 'image/png',
        }),
        403,
        'forbidden',
      );
      expect(dumpDiff(before, await dumpTables(harness.db))).toEqual([]);
    });

    it('R6: bad input is a 400 naming the field, and changes nothing', async () => {
      const cases: [unknown, string][] = [
        [{ timezone: 'Mars/Olympus_Mons' }, 'timezone'],
        [{ timezone: '+01:00' }, 'timezone'],
        [{ name: '   ' }, 'name'],
        [{ lockoutThreshold: 0 }, 'lockoutThreshold'],
        [{ lockoutThreshold: 2.5 }, 'lockoutThreshold'],
        [{ invitationExpiryDays: 31 }, 'invitationExpiryDays'],
        [{ signInRateLimit: 0 }, 'signInRateLimit'],
        [{ features: { exports: 'no' } }, 'features.exports'],
        [{ features: { teleport: true } }, 'features'],
        [
          { branding: { sets: [{ name: 'X', primaryColor: 'red', accentColor: '#ffffff' }], artists: {} } },
          'branding.sets.0.primaryColor',
        ],
        [
          { branding: { sets: [{ name: 'X', primaryColor: '#000000', accentColor: '#12345' }], artists: {} } },
          'branding.sets.0.accentColor',
        ],
        [
          {
            branding: {
              sets: [{ id: 'brd_x', name: 'X', primaryColor: '#000000', accentColor: '#ffffff' }],
              artists: { art_vellums: 'brd_missing' },
            },
          },
          'branding.artists.art_vellums',
        ],
      ];
      const before = await dumpTables(harness.db);
      for (const [body, field] of cases) {
        const error = await expectError(await ana.json('PATCH', '/api/settings', body), 400, 'validation_error');
        expect(error.field, JSON.stringify(body)).toBe(field);
      }
      // An artist of another workspace (or none): 404 naming it.
      const foreign = await expectError(
        await ana.json('PATCH', '/api/settings', {
          branding: {
            sets: [{ id: 'brd_y', name: 'Y', primaryColor: '#000000', accentColor: '#ffffff' }],
            artists: { art_harbor: 'brd_y' },
          },
        }),
        404,
        'not_found',
      );
      expect(foreign.field).toBe('branding.artists.art_harbor');
      expect(dumpDiff(before, await dumpTables(harness.db))).toEqual([]);
    });

    it('R28: a save is logged with before and after; a stale If-Match is 409 with the current settings', async () => {
      const first = await save({ name: 'Northline Management', invitationExpiryDays: 7 });
      expect(first.settings).toMatchObject({ name: 'Northline Management', invitationExpiryDays: 7 });
      expect(first.settings.revision).toBe(original.revision + 1);
      const [entry] = await harness.db.db
        .select()
        .from(activityLog)
        .where(and(eq(activityLog.workspaceId, 'ws_northline'), eq(activityLog.action, 'workspace_settings_changed')))
        .orderBy(desc(activityLog.seq))
        .limit(1);
      expect(entry).toMatchObject({
        actorId: 'per_ana',
        subject: 'workspace:ws_northline',
        before: { name: 'Northline Mgmt', invitationExpiryDays: original.invitationExpiryDays },
        after: { name: 'Northline Management', invitationExpiryDays: 7 },
      });
      const stale = await ana.json(
        'PATCH',
        '/api/settings',
        { name: 'Lost update' },
        { 'if-match': `"r${original.revision}"` },
      );
      const body = (await stale.json()) as { code: string; current: Settings };
      expect(stale.status).toBe(409);
      expect(body.code).toBe('conflict');
      expect(body.current).toMatchObject({ name: 'Northline Management', revision: first.settings.revision });
      expect(stale.headers.get('etag')).toBe(`"r${first.settings.revision}"`);
      const fresh = await ana.json(
        'PATCH',
        '/api/settings',
        { name: 'Northline Mgmt' },
        { 'if-match': `"r${first.settings.revision}"` },
      );
      expect(fresh.status).toBe(200);
      // R7: a new invitation expires after the workspace's days unless the inviter says otherwise.
      await save({ invitationExpiryDays: 3 });
      const sent = await json<{ expiresAt: string }>(
        await ana.json('POST', '/api/invitations', { email: `expiry-${Date.now()}@settings.test`, name: 'Expiry' }),
        201,
      );
      const days = (Date.parse(sent.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(2.9);
      expect(days).toBeLessThanOrEqual(3);
    });

    it('R5: a changed lockout threshold applies on the next sign-in attempts', async () => {
      await save({ lockoutThreshold: 2 });
      const p = await makePerson(harness, 'threshold');
      const attempt = (password: string) => new Client(harness).signIn(p.email, password);
      expect((await attempt('wrong-1')).status).toBe(401);
      const [after1] = await harness.db.db.select().from(people).where(eq(people.id, p.id));
      expect(after1!.resignedAt).toBeNull();
      expect((await attempt('wrong-2')).status).toBe(401);
      const [after2] = await harness.db.db.select().from(people).where(eq(people.id, p.id));
      expect(after2!.failedSignIns).toBe(2);
      expect(after2!.resignedAt).not.toBeNull();
      // Locked: the right password no longer signs in.
      await expectError(await attempt('laminate-demo'), 403, 'forbidden', /locked/);
      // Raised again, someone else needs more failures than before.
      await save({ lockoutThreshold: 4 });
      const q = await makePerson(harness, 'threshold4');
      for (const n of [1, 2, 3]) expect((await new Client(harness).signIn(q.email, `wrong-${n}`)).status).toBe(401);
      expect((await new Client(harness).signIn(q.email, 'laminate-demo')).status).toBe(201);
    });

    it("R6: a changed time zone changes the day sheet's times on the next request", async () => {
      await save({ timezone: 'UTC' });
      const utc = await json<Sheet>(await ana.get('/api/days/day_berlin_1/sheet'));
      const cutoff = utc.guestList!.cutoffAt!;
      expect(utc.timezone).toBe('UTC');
      expect(utc.guestCutoffLocal).toBe(shifted(cutoff, 0));
      await save({ timezone: 'Asia/Tokyo' });
      const tokyo = await json<Sheet>(await ana.get('/api/days/day_berlin_1/sheet'));
      expect(tokyo.timezone).toBe('Asia/Tokyo');
      expect(tokyo.guestCutoffLocal).toBe(shifted(cutoff, 9));
      // Cara reads the same sheet in the same zone.
      expect((await json<Sheet>(await cara.get('/api/days/day_berlin_1/sheet'))).timezone).toBe('Asia/Tokyo');
    });

    it('R23: the exports toggle switches exports off for everyone, privilege or not, on the next request', async () => {
      expect((await ana.get('/api/exports/contacts.csv')).status).toBe(200);
      await save({ features: { exports: false } });
      await expectError(await ana.get('/api/exports/contacts.csv'), 403, 'forbidden', /switched off/);
      await save({ features: { exports: true } });
      expect((await ana.get('/api/exports/contacts.csv')).status).toBe(200);
    });

    it("R6: a branding set (name, logo in the file store, two colours) chosen for an artist is worn by that artist's day sheet", async () => {
      const made = await save({
        branding: {
          sets: [{ id: 'brd_vellums', name: 'Vellums tour', primaryColor: '#1a2b3c', accentColor: '#F0E0D0' }],
          artists: { art_vellums: 'brd_vellums' },
        },
      });
      expect(made.settings.branding.artists).toEqual({ art_vellums: 'brd_vellums' });
      const sheet = await json<Sheet>(await ana.get('/api/days/day_berlin_1/sheet'));
      expect(sheet.branding).toEqual({ name: 'Vellums tour', primaryColor: '#1a2b3c', accentColor: '#F0E0D0' });
      // The logo: an image type only, then served to members.
      await expectError(
        await ana.json('PUT', '/api/settings/branding/brd_vellums/logo', 'not an image', {
          'content-type': 'text/html',
        }),
        400,
        'validation_error',
      );
      await expectError(
        await ana.json('PUT', '/api/settings/branding/brd_nope/logo', 'x', { 'content-type': 'image/png' }),
        404,
        'not_found',
      );
      const upload = await harness.request('/api/settings/branding/brd_vellums/logo', {
        method: 'PUT',
        headers: {
          'content-type': 'image/png',
          cookie: (ana as unknown as { cookie: string }).cookie,
          'x-csrf-token': ana.csrfToken,
        },
        body: PNG,
      });
      const uploaded = await json<SettingsAnswer>(upload);
      expect(uploaded.settings.branding.sets[0]!.logoUrl).toBe('/api/settings/branding/brd_vellums/logo');
      const withLogo = await json<Sheet>(await cara.get('/api/days/day_berlin_1/sheet'));
      expect(withLogo.branding?.logoUrl).toBe('/api/settings/branding/brd_vellums/logo');
      const logo = await cara.get('/api/settings/branding/brd_vellums/logo');
      expect(logo.status).toBe(200);
      expect(logo.headers.get('content-type')).toBe('image/png');
      expect(new Uint8Array(await logo.arrayBuffer())).toEqual(PNG);
      // Unchosen, the sheet wears none.
      await save({
        branding: { sets: made.settings.branding.sets.map(({ logoUrl: _, ...set }) => set), artists: {} },
      });
      expect((await json<Sheet>(await ana.get('/api/days/day_berlin_1/sheet'))).branding).toBeUndefined();
    });
  });
}
