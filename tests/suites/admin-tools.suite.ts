import { describe, expect, it } from 'vitest';
import { type Client, signedIn, type Harness } from './harness.ts';

const as = signedIn;

async function days(client: Client, viewAs?: string): Promise<{ status: number; ids: string[] }> {
  const response = await client.json('GET', '/api/days?limit=200', undefined, viewAs ? { 'view-as': viewAs } : {});
  const body = (await response.json()) as { days?: { id: string }[] };
  return { status: response.status, ids: (body.days ?? []).map((d) => d.id) };
}

/** "View as" and "Why?" (issue 8's admin tools), and what keeps them from escalating (R9). */
export function adminToolsSuite(harness: Harness): void {
  describe(`view as and why on ${harness.store}`, () => {
    it('R12: viewing as Gus shows only the two Berlin show days', async () => {
      const ana = await as(harness, 'ana');
      expect(await days(ana, 'per_gus')).toEqual({ status: 200, ids: ['day_berlin_1', 'day_berlin_2'] });
      const sheet = await ana.json('GET', '/api/days/day_hamburg/sheet', undefined, { 'view-as': 'per_gus' });
      expect(sheet.status).toBe(404);
    });

    it('R9: viewing as needs the permission to manage people', async () => {
      const cara = await as(harness, 'cara');
      expect((await days(cara, 'per_gus')).status).toBe(403);
    });

    it('R9: viewing as never shows more than the viewer holds — Ben as Ana sees no settlement', async () => {
      const ben = await as(harness, 'ben');
      const response = await ben.json('GET', '/api/days/day_hamburg/sheet', undefined, { 'view-as': 'per_ana' });
      expect(response.status).toBe(200);
      expect(await response.json()).not.toHaveProperty('settlement');
    });

    it('R9: viewing as is read-only, and only for people of the same workspace', async () => {
      const ana = await as(harness, 'ana');
      const write = await ana.json('PATCH', '/api/events/ev_hamburg', { title: 'x' }, { 'view-as': 'per_cara' });
      expect(write.status).toBe(403);
      expect((await days(ana, 'per_harbor')).status).toBe(404);
    });

    it('Why? explains an allow with the tuples that granted it, and a deny with what was lacking', async () => {
      const ana = await as(harness, 'ana');
      const allow = await ana.get('/api/why?person=per_gus&relation=can_view&object=show_day:day_berlin_1');
      expect(allow.status).toBe(200);
      const allowed = (await allow.json()) as { allowed: boolean; root: unknown };
      expect(allowed.allowed).toBe(true);
      expect(JSON.stringify(allowed.root)).toContain('assignment:as_gus_berlin_1');
      const deny = await ana.get('/api/why?person=per_gus&relation=can_view&object=show_day:day_hamburg');
      const denied = (await deny.json()) as { allowed: boolean; root: { outcome: string } };
      expect(denied.allowed).toBe(false);
      expect(denied.root.outcome).toBe('denied');
    });

    it('R9: Why? needs the permission to manage people, and names people of the same workspace only', async () => {
      const dev = await as(harness, 'dev');
      expect((await dev.get('/api/why?person=per_gus&relation=can_view&object=show_day:day_berlin_1')).status).toBe(
        403,
      );
      const ana = await as(harness, 'ana');
      expect((await ana.get('/api/why?person=per_harbor&relation=can_view&object=show_day:day_harbor_1')).status).toBe(
        404,
      );
      const bad = await ana.get('/api/why?person=per_gus&relation=DROP%20TABLE&object=show_day:day_berlin_1');
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { field: string }).field).toBe('relation');
    });
  });
}
