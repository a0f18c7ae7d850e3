/**
 * Database round trips of the workspace API (issue 17): every workspace READ endpoint answers
 * `Laminate-DB-Round-Trips` and costs at most 2 (session + person + workspace + authorization
 * state in one batch; then the engine, in memory; then the rows in one batch). Routes are read
 * from the Hono app, so a new GET endpoint is measured (and held to 2) without editing this file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/app.ts';
import { type Client, type Harness, signedIn } from './harness.ts';
import { makePerson, signedIn as signedInAs } from './people-arrange.ts';

/** Workspace GET routes as Hono registered them. */
function workspaceReadRoutes(): string[] {
  const app = createApp(() => {
    throw new Error('routes only');
  });
  const paths = app.routes
    .filter((r) => r.method === 'GET' && r.path.startsWith('/api/') && r.path !== '/api/health')
    .map((r) => r.path);
  return [...new Set(paths)];
}

/** Query strings some reads need to answer 200 (filled from the demo below). */
const QUERY: Record<string, (ids: Ids) => string> = {
  '/api/why': (ids) => `?person=per_ben&relation=can_view&object=show_day:${ids.day}`,
  '/api/exports/guest-list.csv': (ids) => `?dayId=${ids.day}`,
  '/api/exports/attendees.csv': (ids) => `?eventId=${ids.show}`,
};
type Ids = Record<string, string>;

/** Where a path's id comes from: the list of the same resource (`/api/days/:id` ← `/api/days`). */
const LIST_OF: Record<string, [list: string, field: string]> = {
  '/api/ticketing/shows': ['/api/ticketing/shows', 'eventId'],
};

const trips = (r: Response) => Number(r.headers.get('laminate-db-round-trips'));

export function roundTripsSuite(harness: Harness): void {
  describe(`workspace round trips on ${harness.store}`, () => {
    let ana: Client;
    const routes = workspaceReadRoutes();
    const ids: Ids = {};

    /** The first id of the list a parameterised path belongs to. */
    async function firstId(prefix: string): Promise<string> {
      const [list, field] = LIST_OF[prefix] ?? [prefix, 'id'];
      const body = (await (await ana.get(list)).json()) as Record<string, unknown>;
      const rows = (Array.isArray(body) ? body : Object.values(body).find(Array.isArray)) as
        | Record<string, unknown>[]
        | undefined;
      const id = rows?.map((r) => r[field] ?? r.id).find((v) => typeof v === 'string');
      if (typeof id !== 'string') throw new Error(`no id for ${prefix} from ${list}`);
      return id;
    }

    async function urlOf(route: string): Promise<string> {
      if (route === '/api/files/:id/content') return `/api/files/${ids.file}/content`;
      if (route === '/api/settings/branding/:id/logo') return `/api/settings/branding/${ids.brand}/logo`;
      let url = route;
      for (const match of route.matchAll(/:(\w+)/g)) {
        const prefix = route.slice(0, match.index - 1);
        url = url.replace(match[0], await firstId(prefix));
      }
      return url + (QUERY[route]?.(ids) ?? '');
    }

    beforeAll(async () => {
      ana = await signedIn(harness, 'ana');
      ids.day = await firstId('/api/days');
      ids.show = await firstId('/api/ticketing/shows');
      // a file with contents (the demo's files have none)
      const uploaded = await ana.json('POST', '/api/files?folderId=fld_riders&name=trips.txt', 'round trips', {
        'content-type': 'text/plain',
      });
      expect(uploaded.status).toBe(201);
      ids.file = ((await uploaded.json()) as { file: { id: string } }).file.id;
      // a branding set with a logo (the demo has none), for the logo's read
      ids.brand = 'brd_trips';
      const branded = await ana.json('PATCH', '/api/settings', {
        branding: {
          sets: [{ id: ids.brand, name: 'Round trips', primaryColor: '#000000', accentColor: '#ffffff' }],
          artists: {},
        },
      });
      expect(branded.status).toBe(200);
      const logo = await ana.json('PUT', `/api/settings/branding/${ids.brand}/logo`, 'logo', {
        'content-type': 'image/png',
      });
      expect(logo.status).toBeLessThan(300);
    });

    it('issue 17: the workspace GET routes are found (a new one is measured automatically)', () => {
      expect(routes.length).toBeGreaterThan(30);
      expect(routes).toContain('/api/days/:id/sheet');
    });

    it('issue 17: every workspace read answers Laminate-DB-Round-Trips, at most 2 (signed-in demo person, warm)', async () => {
      const measured: string[] = [];
      for (const route of routes) {
        const url = await urlOf(route);
        await ana.get(url); // warm: the isolate's snapshot of the store is current
        const response = await ana.get(url);
        expect(response.status, `${url}: ${response.status} ${await response.clone().text()}`).toBe(200);
        expect(response.headers.get('laminate-db-round-trips'), url).not.toBeNull();
        measured.push(`${trips(response)} ${route}`);
      }
      for (const line of measured) {
        const [count] = line.split(' ');
        expect(Number(count), line).toBeLessThanOrEqual(2);
      }
    });

    it('issue 17: exact round trips, warm — the day sheet 1 (its rows read in the session batch), the day list 2, the workspace 1', async () => {
      const sheet = `/api/days/${ids.day}/sheet`;
      await ana.get(sheet);
      expect(trips(await ana.get(sheet))).toBe(1);
      expect(trips(await ana.get('/api/days'))).toBe(2);
      expect(trips(await ana.get('/api/workspace'))).toBe(1);
      // also a limited reader (the engine drops sections; nothing more is read)
      const ben = await signedIn(harness, 'ben');
      await ben.get(sheet);
      expect(trips(await ben.get(sheet))).toBe(1);
      // and a person's API key (R25: sync, API only, reads show days): the sheet's rows go into the key's batch the same way
      const created = await ana.json('POST', '/api/api-keys', { name: 'round trips', personId: 'per_sync' });
      expect(created.status).toBe(201);
      const { key } = (await created.json()) as { key: string };
      const byKey = () => harness.request(sheet, { headers: { authorization: `Bearer ${key}` } });
      await byKey();
      const keyed = await byKey();
      expect(keyed.status).toBe(200);
      expect(trips(keyed)).toBe(1);
      expect(((await keyed.json()) as { day: { id: string } }).day.id).toBe(ids.day);
    });

    it('issue 17: after a write the next sheet still costs 1 (the change-log delta comes with the session batch), and shows the write', async () => {
      const before = await ana.get(`/api/days/${ids.day}/sheet`);
      expect(before.status).toBe(200);
      const written = await ana.json('POST', `/api/days/${ids.day}/schedule`, { label: 'Round-trip check' });
      expect(written.status).toBe(201);
      const after = await ana.get(`/api/days/${ids.day}/sheet`);
      expect(trips(after)).toBe(1);
      expect(JSON.stringify(await after.json())).toContain('Round-trip check');
    });

    /** The answer to a credential that is no longer valid: a 401 naming nothing of the sheet. */
    async function refusedWithNothing(response: Response, day: { id: string; city: string }): Promise<void> {
      expect(response.status).toBe(401);
      const text = await response.text();
      expect(Object.keys(JSON.parse(text)).sort()).toEqual(['code', 'message', 'requestId']);
      expect(text).not.toContain(day.city);
      expect(text).not.toContain(day.id);
    }

    it('issue 17: a signed-out session whose sheet rows went into the batch gets 401 and nothing of the sheet', async () => {
      const sheet = `/api/days/${ids.day}/sheet`;
      const signIn = await harness.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'ana@northline.test', password: 'laminate-demo' }),
      });
      expect(signIn.status).toBe(201);
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const { csrfToken } = (await signIn.json()) as { csrfToken: string };
      const get = () => harness.request(sheet, { headers: { cookie } });
      // warm: the isolate now hints this session's store, so the next request batches the sheet with it
      await get();
      const shown = await get();
      expect(shown.status).toBe(200);
      expect(trips(shown)).toBe(1);
      const { day } = (await shown.json()) as { day: { id: string; city: string } };
      const out = await harness.request('/api/session', {
        method: 'DELETE',
        headers: { cookie, 'x-csrf-token': csrfToken },
      });
      expect(out.status).toBe(204);
      await refusedWithNothing(await get(), day);
    });

    it('issue 17, R25: a revoked API key whose sheet rows went into the batch gets 401 and nothing of the sheet', async () => {
      const sheet = `/api/days/${ids.day}/sheet`;
      const created = await ana.json('POST', '/api/api-keys', { name: 'revoked with a sheet', personId: 'per_sync' });
      expect(created.status).toBe(201);
      const { id, key } = (await created.json()) as { id: string; key: string };
      const get = () => harness.request(sheet, { headers: { authorization: `Bearer ${key}` } });
      await get();
      const shown = await get();
      expect(shown.status).toBe(200);
      const { day } = (await shown.json()) as { day: { id: string; city: string } };
      expect((await ana.json('DELETE', `/api/api-keys/${id}`)).status).toBeLessThan(300);
      await refusedWithNothing(await get(), day);
    });

    it('issue 17, R4: a person whose resigned date has passed gets 401 and nothing of the sheet read with their session', async () => {
      const sheet = `/api/days/${ids.day}/sheet`;
      const p = await makePerson(harness, 'sheet_leaver', { role: 'role_team_member' });
      const them = await signedInAs(harness, p.email);
      await them.get(sheet);
      const shown = await them.get(sheet);
      expect(shown.status).toBe(200);
      expect(trips(shown)).toBe(1);
      const { day } = (await shown.json()) as { day: { id: string; city: string } };
      const resigned = await ana.json('PATCH', `/api/people/${p.id}`, {
        resignedAt: new Date(Date.now() - 1000).toISOString(),
      });
      expect(resigned.status).toBe(200);
      await refusedWithNothing(await them.get(sheet), day);
    });

    it('issue 17: Server-Timing names db (with the round-trip count), engine, snapshot work if any, and total, in milliseconds', async () => {
      const response = await ana.get(`/api/days/${ids.day}/sheet`);
      const timing = response.headers.get('server-timing') ?? '';
      expect(timing).toMatch(
        /^db;desc="1 round trips";dur=\d+(\.\d+)?, engine;dur=\d+(\.\d+)?(, snapshot;dur=\d+(\.\d+)?)?, total;dur=\d+(\.\d+)?$/,
      );
      const dur = (name: string) => Number(new RegExp(`${name};[^,]*dur=([\\d.]+)`).exec(timing)?.[1]);
      expect(dur('total')).toBeGreaterThanOrEqual(dur('db'));
      // an error answer carries them too
      const missing = await ana.get('/api/days/day_nowhere/sheet');
      expect(missing.status).toBe(404);
      expect(missing.headers.get('server-timing')).toMatch(/^db;desc="\d+ round trips";dur=/);
      expect(missing.headers.get('laminate-db-round-trips')).not.toBeNull();
    });
  });
}
