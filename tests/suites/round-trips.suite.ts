/**
 * Database round trips of the workspace API (issue 17): every workspace READ endpoint answers
 * `Laminate-DB-Round-Trips` and costs at most 2 (session + person + workspace + authorization
 * state in one batch; then the engine, in memory; then the rows in one batch). Routes are read
 * from the Hono app, so a new GET endpoint is measured (and held to 2) without editing this file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/app.ts';
import { type Client, type Harness, signedIn } from './harness.ts';

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

    it('issue 17: exact round trips, warm — the day sheet 2, the day list 2, the workspace 1 (one batch: session, person, workspace, authorization state)', async () => {
      const sheet = `/api/days/${ids.day}/sheet`;
      await ana.get(sheet);
      expect(trips(await ana.get(sheet))).toBe(2);
      expect(trips(await ana.get('/api/days'))).toBe(2);
      expect(trips(await ana.get('/api/workspace'))).toBe(1);
      // also a limited reader (the engine drops sections; nothing more is read)
      const ben = await signedIn(harness, 'ben');
      await ben.get(sheet);
      expect(trips(await ben.get(sheet))).toBe(2);
    });

    it('issue 17: after a write the next read still costs 2 (the change-log delta comes with the session batch)', async () => {
      const before = await ana.get(`/api/days/${ids.day}/sheet`);
      expect(before.status).toBe(200);
      const written = await ana.json('POST', `/api/days/${ids.day}/schedule`, { label: 'Round-trip check' });
      expect(written.status).toBe(201);
      expect(trips(await ana.get(`/api/days/${ids.day}/sheet`))).toBe(2);
    });

    it('issue 17: Server-Timing names db (with the round-trip count), engine, snapshot work if any, and total, in milliseconds', async () => {
      const response = await ana.get(`/api/days/${ids.day}/sheet`);
      const timing = response.headers.get('server-timing') ?? '';
      expect(timing).toMatch(
        /^db;desc="2 round trips";dur=\d+(\.\d+)?, engine;dur=\d+(\.\d+)?(, snapshot;dur=\d+(\.\d+)?)?, total;dur=\d+(\.\d+)?$/,
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
