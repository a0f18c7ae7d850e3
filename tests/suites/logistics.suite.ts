import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, signedIn, type Harness } from './harness.ts';
import { HARBOR, seedHarbor } from './second-workspace.ts';

const as = signedIn;

type Sheet = {
  schedule?: { id: string; label: string }[];
  travel?: { id: string }[];
  hotels?: { id: string }[];
  settlement?: { ledger: { id: string }[] };
};
const sheet = async (client: Client, day: string) =>
  (await (await client.get(`/api/days/${day}/sheet`)).json()) as Sheet;

/** Writing a day's logistics (R26): rows and tuples land together, each gated by the engine. */
export function logisticsSuite(harness: Harness): void {
  describe(`day logistics on ${harness.store}`, () => {
    beforeAll(async () => {
      await seedHarbor(harness.db);
    });

    it('R2: outlets and tours are listed for the workspace; without a session, 401', async () => {
      const ana = await as(harness, 'ana');
      expect(
        ((await (await ana.get('/api/outlets')).json()) as { outlets: { name: string }[] }).outlets.map((o) => o.name),
      ).toEqual(['Northline Live']);
      expect(
        ((await (await ana.get('/api/tours')).json()) as { tours: { id: string }[] }).tours.map((t) => t.id),
      ).toEqual(['tour_vellums_eu']);
      expect((await harness.request('/api/outlets')).status).toBe(401);
      expect((await harness.request('/api/tours')).status).toBe(401);
    });

    it('R26: managing logistics adds a schedule item every reader sees; without the permission 403; bad times 400', async () => {
      const ben = await as(harness, 'ben');
      const added = await ben.json('POST', '/api/days/day_copenhagen/schedule', {
        label: 'Interview: P3 radio',
        startsAt: '15:30',
      });
      expect(added.status).toBe(201);
      const { id } = (await added.json()) as { id: string };
      expect((await sheet(await as(harness, 'dev'), 'day_copenhagen')).schedule!.map((s) => s.id)).toContain(id);
      // Dev: Vellums Read Only (R15), no logistics permission.
      const dev = await as(harness, 'dev');
      expect((await dev.json('POST', '/api/days/day_copenhagen/schedule', { label: 'x' })).status).toBe(403);
      const bad = await ben.json('POST', '/api/days/day_copenhagen/schedule', { label: 'x', startsAt: '25:61' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { field: string }).field).toBe('startsAt');
      expect((await ben.json('DELETE', `/api/days/day_copenhagen/schedule/${id}`)).status).toBe(204);
      expect((await ben.json('DELETE', `/api/days/day_copenhagen/schedule/${id}`)).status).toBe(404);
    });

    it('R26: a private flight is seen by its passenger and by travel managers, not by the rest of the crew', async () => {
      const ben = await as(harness, 'ben');
      const made = await ben.json('POST', '/api/days/day_copenhagen/travel', {
        mode: 'flight',
        carrier: 'SAS',
        number: 'SK 1234',
        fromPlace: 'HAM',
        toPlace: 'CPH',
        departsAt: '09:10',
        private: true,
        passengers: ['per_jo'],
      });
      expect(made.status).toBe(201);
      const { id } = (await made.json()) as { id: string };
      expect((await sheet(await as(harness, 'jo'), 'day_copenhagen')).travel!.map((t) => t.id)).toContain(id);
      expect((await sheet(ben, 'day_copenhagen')).travel!.map((t) => t.id)).toContain(id);
      expect((await sheet(await as(harness, 'dev'), 'day_copenhagen')).travel!.map((t) => t.id)).not.toContain(id);
      expect(
        (
          await (
            await as(harness, 'eli')
          ).json('POST', '/api/days/day_copenhagen/travel', {
            mode: 'bus',
            fromPlace: 'a',
            toPlace: 'b',
            departsAt: '10:00',
          })
        ).status,
      ).toBe(403);
    });

    it("R20, R26: a hotel limited to the Band is the band's; the crew does not see it", async () => {
      const ben = await as(harness, 'ben');
      const made = await ben.json('POST', '/api/days/day_copenhagen/hotels', {
        hotelName: 'Band flat',
        address: 'Vesterbro',
        limitedToGroups: ['grp_band'],
        rooming: [{ personId: 'per_nico', roomType: 'double' }],
      });
      expect(made.status).toBe(201);
      const { id } = (await made.json()) as { id: string };
      expect((await sheet(await as(harness, 'nico'), 'day_copenhagen')).hotels!.map((h) => h.id)).toContain(id);
      expect((await sheet(await as(harness, 'dev'), 'day_copenhagen')).hotels!.map((h) => h.id)).not.toContain(id);
    });

    it('R17: ledger lines need the financial permission; a locked settlement refuses them', async () => {
      const ana = await as(harness, 'ana');
      const line = await ana.json('POST', '/api/days/day_copenhagen/ledger', {
        label: 'Parking',
        direction: 'expense',
        amountCents: 4500,
      });
      expect(line.status).toBe(201);
      const { id } = (await line.json()) as { id: string };
      expect((await sheet(ana, 'day_copenhagen')).settlement!.ledger.map((l) => l.id)).toContain(id);
      expect(
        (
          await (
            await as(harness, 'ben')
          ).json('POST', '/api/days/day_copenhagen/ledger', { label: 'x', direction: 'income', amountCents: 1 })
        ).status,
      ).toBe(403);
      expect(
        (
          await ana.json('POST', '/api/days/day_amsterdam/ledger', {
            label: 'late',
            direction: 'income',
            amountCents: 1,
          })
        ).status,
      ).toBe(409);
    });

    it('R13, R15: show days and events are created with Manage events or Full on the artist, never read-only', async () => {
      const cara = await as(harness, 'cara');
      const made = await cara.json('POST', '/api/days', {
        artistId: 'art_vellums',
        date: '2027-01-15',
        city: 'Dublin',
        event: { kind: 'performance', status: 'confirmed', title: 'The Vellums at Vicar Street' },
      });
      expect(made.status).toBe(201);
      const day = (await made.json()) as { id: string; events: { id: string }[] };
      // The new confirmed performance is on Dev's list at once (R8, R17), and editable by its creator (R13).
      const devDays = (
        (await (await (await as(harness, 'dev')).get('/api/days?limit=200')).json()) as { days: { id: string }[] }
      ).days.map((d) => d.id);
      expect(devDays).toContain(day.id);
      expect(
        (await cara.json('PATCH', `/api/events/${day.events[0]!.id}`, { title: 'The Vellums at Vicar Street, Dublin' }))
          .status,
      ).toBe(200);
      const dinner = await cara.json('POST', `/api/days/${day.id}/events`, {
        kind: 'special',
        status: 'confirmed',
        title: 'Crew dinner',
      });
      expect(dinner.status).toBe(201);
      expect(
        (
          await cara.json('POST', '/api/days', {
            artistId: 'art_mara',
            date: '2027-01-16',
            city: 'Cork',
            event: { kind: 'hold', status: 'tentative', title: 'x' },
          })
        ).status,
      ).toBe(404);
      const dev = await as(harness, 'dev');
      expect(
        (
          await dev.json('POST', '/api/days', {
            artistId: 'art_vellums',
            date: '2027-01-16',
            city: 'Cork',
            event: { kind: 'performance', status: 'confirmed', title: 'x' },
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await (
            await as(harness, 'ivan')
          ).json('POST', `/api/days/${day.id}/events`, { kind: 'special', status: 'confirmed', title: 'x' })
        ).status,
      ).toBe(403);
      const bad = await cara.json('POST', '/api/days', {
        artistId: 'art_vellums',
        date: '2027-01-16',
        city: 'Cork',
        event: { kind: 'party', status: 'confirmed', title: 'x' },
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { field: string }).field).toBe('event.kind');
      expect(
        (
          await cara.json('POST', '/api/days', {
            artistId: HARBOR.artistId,
            date: '2027-01-16',
            city: 'Cork',
            event: { kind: 'performance', status: 'confirmed', title: 'x' },
          })
        ).status,
      ).toBe(404);
    });

    it('R28: settlement and event edits are in the activity log with who, before and after', async () => {
      const ana = await as(harness, 'ana');
      expect((await ana.json('PATCH', '/api/days/day_stockholm/settlement', { guaranteeCents: 900_000 })).status).toBe(
        200,
      );
      expect((await ana.json('PATCH', '/api/events/ev_stockholm', { status: 'tentative' })).status).toBe(200);
      const { entries } = (await (await ana.get('/api/activity?limit=50')).json()) as {
        entries: {
          action: string;
          subject: string;
          actor: string | null;
          before: Record<string, unknown> | null;
          after: Record<string, unknown> | null;
        }[];
      };
      const settlement = entries.find(
        (e) => e.action === 'settlement_changed' && e.subject === 'show_day:day_stockholm',
      );
      expect(settlement).toMatchObject({
        actor: 'per_ana',
        before: { guaranteeCents: 800_000 },
        after: { guaranteeCents: 900_000 },
      });
      expect(entries.find((e) => e.action === 'event_changed' && e.subject === 'event:ev_stockholm')).toMatchObject({
        before: { status: 'confirmed' },
        after: { status: 'tentative' },
      });
      await ana.json('PATCH', '/api/events/ev_stockholm', { status: 'confirmed' });
    });

    it("R1: another workspace's day answers 404 to every logistics write", async () => {
      const ana = await as(harness, 'ana');
      for (const [path, body] of [
        ['schedule', { label: 'x' }],
        ['travel', { mode: 'bus', fromPlace: 'a', toPlace: 'b', departsAt: '10:00' }],
        ['hotels', { hotelName: 'x', address: 'y' }],
        ['ledger', { label: 'x', direction: 'income', amountCents: 1 }],
      ] as const) {
        expect((await ana.json('POST', `/api/days/${HARBOR.dayId}/${path}`, body)).status, path).toBe(404);
      }
    });
  });
}
