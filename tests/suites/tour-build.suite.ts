import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { allTuplesQuery } from '../../db/authz/tuple-reads.ts';
import { authzStores } from '../../db/authz/schema.ts';
import { fromRow, withExtras } from '../../db/authz/codec.ts';
import { check, compileModel, MemoryTupleIndex, type TupleKey } from '../../functions/index.ts';
import { WORKSPACE_MODEL } from '../../model/workspace-model.ts';
import { type Client, signedIn, type Harness } from './harness.ts';
import { storeIdOf } from './arrange.ts';
import { type DayHoldings, mayDeleteDay } from '../../worker/touring/day-removal.ts';

const as = signedIn;

type Can = { edit: boolean; delete?: boolean };
type Sheet = {
  day: { id: string };
  timezone?: string;
  events: { id: string; can: Can }[];
  can: {
    manageLogistics: boolean;
    manageTravel: boolean;
    manageFinancial: boolean;
    manageGuestList: boolean;
    edit: boolean;
    requestGuestList: boolean;
    delete: boolean;
  };
  schedule?: { id: string; label: string; startsAt?: string; nextDay: boolean; can: Can }[];
  venue?: { id: string; can: Can };
  contacts?: { id: string; can: Can }[];
  travel?: { id: string; can: Can }[];
  hotels?: { id: string; hotelName: string; can: Can }[];
  guestList?: { requests: { id: string; can: Can }[] };
  settlement?: { can: Can };
  notes?: string;
};
const sheet = async (client: Client, day: string) => {
  const response = await client.get(`/api/days/${day}/sheet`);
  expect(response.status).toBe(200);
  return (await response.json()) as Sheet;
};
type DayList = { days: { id: string; can: Can; events: { id: string; can: Can }[] }[] };

/** Demo people who can sign in. */
const READERS = ['ana', 'ben', 'cara', 'dev', 'eli', 'fay', 'gus', 'hana', 'ivan', 'olga', 'nico', 'jo'] as const;

/** Building the tour (issue 16): writes gated by the engine, the schedule's order, `can` flags. */
/** One count from the database (arranging and reading, as an admin would). */
async function idsWhere(harness: Harness, query: string): Promise<string[]> {
  return ((await harness.db.db.all(sql.raw(query))) as { id: string }[]).map((r) => r.id);
}
async function holdingsOf(harness: Harness, dayId: string): Promise<DayHoldings> {
  const n = (table: string) => countWhere(harness, `SELECT count(*) AS n FROM ${table} WHERE day_id = '${dayId}'`);
  return {
    events: await n('events'),
    travel: await n('travel_items'),
    hotels: await n('hotel_stays'),
    guests: await n('guest_requests'),
    money: (await n('settlements')) + (await n('ledger_lines')),
  };
}
async function countWhere(harness: Harness, query: string): Promise<number> {
  const rows = (await harness.db.db.all(sql.raw(query))) as { n: number }[];
  return Number(rows[0]!.n);
}

export function tourBuildSuite(harness: Harness): void {
  describe(`building the tour on ${harness.store}`, () => {
    let leipzig = '';

    it('R26: a 23:45 item added to Warsaw appears last, and an after-midnight bus after it', async () => {
      const ben = await as(harness, 'ben');
      const late = await ben.json('POST', '/api/days/day_warsaw/schedule', { label: 'Radio call', startsAt: '23:45' });
      expect(late.status).toBe(201);
      const bus = await ben.json('POST', '/api/days/day_warsaw/schedule', {
        label: 'Night bus to Kraków',
        startsAt: '02:15',
        nextDay: true,
      });
      expect(bus.status).toBe(201);
      const schedule = (await sheet(ben, 'day_warsaw')).schedule!;
      const sameDay = schedule.filter((s) => !s.nextDay);
      expect(sameDay.at(-1)!.label).toBe('Radio call');
      expect(schedule.at(-1)!.label).toBe('Night bus to Kraków');
      // Time order throughout: the day's items by time, then the items past midnight by time.
      const keys = schedule.map((s) => `${s.nextDay ? 1 : 0} ${s.startsAt ?? '99:99'}`);
      expect(keys).toEqual([...keys].sort());
      // Moving an item's time moves it in the sheet; the edit is logged.
      const radio = schedule.find((s) => s.label === 'Radio call')!;
      const moved = await ben.json('PATCH', `/api/days/day_warsaw/schedule/${radio.id}`, { startsAt: '08:30' });
      expect(moved.status).toBe(200);
      expect((await sheet(ben, 'day_warsaw')).schedule![0]!.label).toBe('Radio call');
      const bad = await ben.json('PATCH', `/api/days/day_warsaw/schedule/${radio.id}`, { endsAt: '24:00' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { field: string }).field).toBe('endsAt');
      const log = (await (await (await as(harness, 'ana')).get('/api/activity?limit=50')).json()) as {
        entries: { action: string; subject: string }[];
      };
      expect(
        log.entries.filter((e) => e.action === 'schedule_changed' && e.subject === 'show_day:day_warsaw').length,
      ).toBe(3);
      for (const s of (await sheet(ben, 'day_warsaw')).schedule!.filter((s) =>
        ['Radio call', 'Night bus to Kraków'].includes(s.label),
      ))
        expect((await ben.json('DELETE', `/api/days/day_warsaw/schedule/${s.id}`)).status).toBe(204);
    });

    it('R15: Cara (Full on The Vellums) builds a Leipzig show day; Dev (Read Only) may not; bad input names the field', async () => {
      const cara = await as(harness, 'cara');
      const made = await cara.json('POST', '/api/days', {
        artistId: 'art_vellums',
        date: '2027-05-14',
        city: 'Leipzig',
        event: { kind: 'performance', status: 'confirmed', title: 'The Vellums at Conne Island' },
      });
      expect(made.status).toBe(201);
      leipzig = ((await made.json()) as { id: string }).id;
      expect((await cara.json('PATCH', `/api/days/${leipzig}`, { venueId: 'ven_nowhere' })).status).toBe(400);
      const noContact = await cara.json('PATCH', `/api/days/${leipzig}`, { promoterContactId: 'con_nowhere' });
      expect(noContact.status).toBe(400);
      expect(((await noContact.json()) as { field: string }).field).toBe('promoterContactId');
      expect((await cara.json('PATCH', `/api/days/${leipzig}`, { promoterContactId: 'con_berlin' })).status).toBe(200);
      const patched = await cara.json('PATCH', `/api/days/${leipzig}`, {
        venueId: 'ven_berlin',
        notes: 'Parking behind the hall.',
      });
      expect(patched.status).toBe(200);
      for (const [label, startsAt, nextDay] of [
        ['Soundcheck', '16:00', false],
        ['Bus departs', '01:00', true],
        ['Load-in', '12:00', false],
        ['Doors', '19:00', false],
      ] as const)
        expect((await cara.json('POST', `/api/days/${leipzig}/schedule`, { label, startsAt, nextDay })).status).toBe(
          201,
        );
      expect(
        (
          await cara.json('POST', `/api/days/${leipzig}/hotels`, {
            hotelName: 'Crew Motel One',
            address: 'Brühl 65, Leipzig',
            limitedToGroups: ['grp_crew'],
          })
        ).status,
      ).toBe(201);
      const read = await sheet(cara, leipzig);
      expect(read.schedule!.map((s) => s.label)).toEqual(['Load-in', 'Soundcheck', 'Doors', 'Bus departs']);
      expect(read.venue!.id).toBe('ven_berlin');
      expect(read.contacts!.map((c) => c.id)).toEqual(['con_berlin']);
      expect(read.notes).toBe('Parking behind the hall.');
      expect(read.can.edit).toBe(true);
      expect(read.schedule!.every((s) => s.can.edit && s.can.delete)).toBe(true);
      // Mara Quint is not hers (R15 None): her days are not even visible.
      expect((await cara.json('POST', '/api/days/day_mara_hold_1/schedule', { label: 'x' })).status).toBe(404);
      const dev = await as(harness, 'dev');
      const devRead = await sheet(dev, leipzig);
      expect(devRead.can.edit).toBe(false);
      expect(devRead.schedule!.every((s) => !s.can.edit && !s.can.delete)).toBe(true);
      expect((await dev.json('PATCH', `/api/days/${leipzig}`, { notes: 'mine now' })).status).toBe(403);
      // R26: the crew hotel is not Nico's (Band).
      expect((await sheet(await as(harness, 'nico'), leipzig)).hotels ?? []).toEqual([]);
    });

    it('Bad input: a date that does not exist (2026-13-45, 2027-02-29) is a 400 naming its field, for the day list and a new show day, and writes nothing', async () => {
      const cara = await as(harness, 'cara');
      const before = await countWhere(harness, 'SELECT count(*) AS n FROM show_days');
      for (const from of ['2026-13-45', '2027-02-29']) {
        const listed = await cara.get(`/api/days?from=${from}`);
        expect(listed.status).toBe(400);
        expect(((await listed.json()) as { field: string }).field).toBe('from');
        const made = await cara.json('POST', '/api/days', {
          artistId: 'art_vellums',
          date: from,
          city: 'Leipzig',
          event: { kind: 'performance', status: 'confirmed', title: 'Nowhere' },
        });
        expect(made.status).toBe(400);
        expect(((await made.json()) as { field: string }).field).toBe('date');
      }
      expect(await countWhere(harness, 'SELECT count(*) AS n FROM show_days')).toBe(before);
      expect((await cara.get('/api/days?from=2028-02-29')).status).toBe(200);
    });

    it("R11, R26: the guest list closing time and allotment are the guest-list managers' alone", async () => {
      const ben = await as(harness, 'ben');
      const bad = await ben.json('PATCH', '/api/days/day_oslo/guest-list', { allotment: -1 });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { field: string }).field).toBe('allotment');
      const cutoffAt = Date.now() + 86_400_000;
      const ok = await ben.json('PATCH', '/api/days/day_oslo/guest-list', { cutoffAt, allotment: 12 });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ cutoffAt, allotment: 12 });
      // R11: Dev (view-only) may still request a place; Ben decides; both are logged (R28).
      const dev = await as(harness, 'dev');
      const asked = await dev.json('POST', '/api/days/day_oslo/guest-requests', { guestName: 'Ada Byron' });
      expect(asked.status).toBe(201);
      const { id: requestId } = (await asked.json()) as { id: string };
      expect(
        (await ben.json('PATCH', `/api/days/day_oslo/guest-requests/${requestId}`, { status: 'approved' })).status,
      ).toBe(200);
      const log = (await (await (await as(harness, 'ana')).get('/api/activity?limit=50')).json()) as {
        entries: { action: string; subject: string }[];
      };
      expect(
        log.entries.filter((e) => e.action === 'guest_list_changed' && e.subject === 'show_day:day_oslo').length,
      ).toBe(3);
      expect(
        (await (await as(harness, 'dev')).json('PATCH', '/api/days/day_oslo/guest-list', { allotment: 99 })).status,
      ).toBe(403);
    });

    it('R13, R28: a CSV of 30 days with one bad row is reported by line and column and writes nothing; fixed, all 30 land in one batch', async () => {
      const cara = await as(harness, 'cara');
      const cities = ['Leipzig', 'Dresden', 'Prague', 'Vienna', 'Munich', 'Zurich'];
      const lines = Array.from({ length: 30 }, (_, i) => {
        const date = new Date(Date.UTC(2028, 0, 1 + i)).toISOString().slice(0, 10);
        const city = `${cities[i % cities.length]} ${i + 1}`;
        const venue = i === 0 ? 'Astra Kulturhaus' : '';
        return `${date},"${city}",${venue},performance,${i === 15 ? 'maybe' : 'confirmed'},"12:00 Load-in; 01:30+1 Bus; 16:00 Soundcheck"`;
      });
      const csv = (rows: string[]) => ['date,city,venue,kind,status,schedule', ...rows].join('\n');
      const count = async () =>
        ((await (await cara.get('/api/days?limit=200&from=2028-01-01')).json()) as DayList).days.length;
      expect(await count()).toBe(0);
      type Report = { rows: unknown[]; errors: { line: number; column: string }[]; written: number };
      const bad = await cara.json('POST', '/api/days/import', {
        artistId: 'art_vellums',
        csv: csv(lines),
        commit: true,
      });
      expect(bad.status).toBe(200);
      const report = (await bad.json()) as Report;
      expect(report.errors).toEqual([{ line: 17, column: 'status', message: 'one of tentative, confirmed' }]);
      expect(report.written).toBe(0);
      expect(await count()).toBe(0);
      lines[15] = lines[15]!.replace('maybe', 'confirmed');
      const preview = (await (
        await cara.json('POST', '/api/days/import', { artistId: 'art_vellums', csv: csv(lines) })
      ).json()) as Report;
      expect([preview.rows.length, preview.errors.length, preview.written]).toEqual([30, 0, 0]);
      expect(await count()).toBe(0);
      // One batch: the authorization store's revision moves by exactly one for all 30 days.
      const storeId = await storeIdOf(harness);
      const revision = async () =>
        (await harness.db.db.select().from(authzStores).where(eq(authzStores.id, storeId)))[0]!.revision;
      const before = await revision();
      const done = (await (
        await cara.json('POST', '/api/days/import', { artistId: 'art_vellums', csv: csv(lines), commit: true })
      ).json()) as Report;
      expect(done.written).toBe(30);
      expect(await revision()).toBe(before + 1);
      const list = ((await (await cara.get('/api/days?limit=200&from=2028-01-01')).json()) as DayList).days;
      expect(list.length).toBe(30);
      const first = await sheet(cara, list[0]!.id);
      expect(first.schedule!.map((s) => s.label)).toEqual(['Load-in', 'Soundcheck', 'Bus']);
      expect(first.venue!.id).toBe('ven_berlin');
      // A person who may not add show days for the artist: 403; a bad header: line 1.
      expect(
        (
          await (
            await as(harness, 'dev')
          ).json('POST', '/api/days/import', { artistId: 'art_vellums', csv: csv(lines) })
        ).status,
      ).toBe(403);
      const header = (await (
        await cara.json('POST', '/api/days/import', { artistId: 'art_vellums', csv: 'when,where\n2028-01-01,x' })
      ).json()) as Report;
      expect(header.errors[0]).toMatchObject({ line: 1, column: 'row' });
    });

    it('R13, R26, R28: a show day is deleted with everything on it and every tuple naming it, in one batch with its log entry; an event alone while others remain', async () => {
      const cara = await as(harness, 'cara');
      const made = await cara.json('POST', '/api/days', {
        artistId: 'art_vellums',
        date: '2027-06-02',
        city: 'Dresden',
        event: { kind: 'performance', status: 'confirmed', title: 'The Vellums at Alter Schlachthof' },
      });
      expect(made.status).toBe(201);
      const dresden = ((await made.json()) as { id: string }).id;
      const extra = await cara.json('POST', `/api/days/${dresden}/events`, {
        kind: 'rehearsal',
        status: 'confirmed',
        title: 'Rehearsal',
      });
      expect(extra.status).toBe(201);
      const rehearsal = ((await extra.json()) as { id: string }).id;
      expect(
        (await cara.json('POST', `/api/days/${dresden}/schedule`, { label: 'Load-in', startsAt: '12:00' })).status,
      ).toBe(201);
      const trip = await cara.json('POST', `/api/days/${dresden}/travel`, {
        mode: 'bus',
        fromPlace: 'Leipzig',
        toPlace: 'Dresden',
        departsAt: '09:00',
        passengers: ['per_nico'],
      });
      expect(trip.status).toBe(201);
      const hotel = await cara.json('POST', `/api/days/${dresden}/hotels`, {
        hotelName: 'Crew Ibis',
        address: 'Prager Str. 5',
        limitedToGroups: ['grp_crew'],
        rooming: [{ personId: 'per_eli', roomType: 'single' }],
      });
      expect(hotel.status).toBe(201);
      const read = await sheet(cara, dresden);
      expect(read.can.delete).toBe(true);
      expect(read.events.every((e) => e.can.delete)).toBe(true);
      // Dev (Read Only on The Vellums) may see the day, not delete it or its events.
      const dev = await as(harness, 'dev');
      const devRead = await sheet(dev, dresden);
      expect(devRead.can.delete).toBe(false);
      expect(devRead.events.every((e) => !e.can.delete)).toBe(true);
      expect((await dev.json('DELETE', `/api/days/${dresden}`)).status).toBe(403);
      // (Dev's role lists no rehearsals: he is asked about the show he sees.)
      expect(devRead.events.length).toBeGreaterThan(0);
      for (const e of devRead.events) expect((await dev.json('DELETE', `/api/events/${e.id}`)).status).toBe(403);
      // Gus (event-level on the Berlin shows only, R12) does not see the day: 404, no probing (R1).
      expect((await (await as(harness, 'gus')).json('DELETE', `/api/days/${dresden}`)).status).toBe(404);
      expect((await (await as(harness, 'gus')).json('DELETE', `/api/events/${rehearsal}`)).status).toBe(404);
      // The event alone: while another remains; the last one is the day's (409).
      expect((await cara.json('DELETE', `/api/events/${rehearsal}`)).status).toBe(204);
      const after = await sheet(cara, dresden);
      expect(after.events.map((e) => e.id)).not.toContain(rehearsal);
      expect(after.events.every((e) => !e.can.delete)).toBe(true);
      expect((await cara.json('DELETE', `/api/events/${after.events[0]!.id}`)).status).toBe(409);
      // The day: every row and every tuple that names it or anything on it goes, in ONE batch.
      const storeId = await storeIdOf(harness);
      const revision = async () =>
        (await harness.db.db.select().from(authzStores).where(eq(authzStores.id, storeId)))[0]!.revision;
      const before = await revision();
      const objects = [
        `show_day:${dresden}`,
        ...read.events.map((e) => `event:${e.id}`),
        ...read.travel!.map((t) => `travel_item:${t.id}`),
        ...read.hotels!.map((h) => `hotel_stay:${h.id}`),
      ];
      expect((await cara.json('DELETE', `/api/days/${dresden}`)).status).toBe(204);
      expect(await revision()).toBe(before + 1);
      expect((await cara.get(`/api/days/${dresden}/sheet`)).status).toBe(404);
      const left = (await allTuplesQuery(harness.db.db, storeId))
        .map((r) => fromRow(r))
        .filter((t) => objects.includes(t.object) || objects.includes(t.user));
      expect(left).toEqual([]);
      for (const table of [
        'events',
        'schedule_items',
        'travel_items',
        'hotel_stays',
        'guest_requests',
        'settlements',
        'ledger_lines',
      ])
        expect(await countWhere(harness, `SELECT count(*) AS n FROM ${table} WHERE day_id = '${dresden}'`), table).toBe(
          0,
        );
      expect(
        await countWhere(harness, `SELECT count(*) AS n FROM rooming_entries WHERE stay_id = '${read.hotels![0]!.id}'`),
      ).toBe(0);
      const log = (await (await (await as(harness, 'ana')).get('/api/activity?limit=50')).json()) as {
        entries: { action: string; subject: string }[];
      };
      expect(log.entries.some((e) => e.action === 'day_deleted' && e.subject === `show_day:${dresden}`)).toBe(true);
      expect(log.entries.some((e) => e.action === 'event_deleted' && e.subject === `event:${rehearsal}`)).toBe(true);
    });

    it('R12, R17, R24: a day whose show sells tickets is not swept away (409), and one with a settlement needs the financial right (Ben: 403, flag false)', async () => {
      const ana = await as(harness, 'ana');
      expect((await ana.json('DELETE', '/api/days/day_hamburg')).status).toBe(409);
      expect((await ana.get('/api/days/day_hamburg/sheet')).status).toBe(200);
      const ben = await as(harness, 'ben');
      const oslo = await sheet(ben, 'day_oslo');
      expect(oslo.can.edit).toBe(true);
      expect(oslo.can.delete).toBe(false);
      expect((await ben.json('DELETE', '/api/days/day_oslo')).status).toBe(403);
      expect((await ben.get('/api/days/day_oslo/sheet')).status).toBe(200);
    });

    it('R26: travel and hotels are edited and deleted by travel managers — passengers and rooming picked from the workspace, the crew hotel still the crew’s', async () => {
      const cara = await as(harness, 'cara');
      const made = await cara.json('POST', '/api/days', {
        artistId: 'art_vellums',
        date: '2027-06-05',
        city: 'Prague',
        event: { kind: 'performance', status: 'confirmed', title: 'The Vellums at Lucerna' },
      });
      const prague = ((await made.json()) as { id: string }).id;
      const trip = (await (
        await cara.json('POST', `/api/days/${prague}/travel`, {
          mode: 'flight',
          carrier: 'CSA',
          number: 'OK 123',
          fromPlace: 'Berlin',
          toPlace: 'Prague',
          departsAt: '08:00',
          private: true,
          passengers: ['per_eli'],
        })
      ).json()) as { id: string };
      const stay = (await (
        await cara.json('POST', `/api/days/${prague}/hotels`, {
          hotelName: 'Crew Pension',
          address: 'Vodičkova 1',
          limitedToGroups: ['grp_crew'],
        })
      ).json()) as { id: string };
      const nico = await as(harness, 'nico');
      const nicoSees = async () => {
        const s = await sheet(nico, prague);
        return { travel: (s.travel ?? []).map((t) => t.id), hotels: (s.hotels ?? []).map((h) => h.id) };
      };
      expect(await nicoSees()).toEqual({ travel: [], hotels: [] });
      // The passenger picker: people of the workspace only (400 names the field).
      const stranger = await cara.json('PATCH', `/api/days/${prague}/travel/${trip.id}`, {
        passengers: ['per_nobody'],
      });
      expect(stranger.status).toBe(400);
      expect(((await stranger.json()) as { field: string }).field).toBe('passengers.0');
      const edited = await cara.json('PATCH', `/api/days/${prague}/travel/${trip.id}`, {
        departsAt: '07:40',
        passengers: ['per_eli', 'per_nico'],
      });
      expect(edited.status).toBe(200);
      expect(await edited.json()).toMatchObject({
        departsAt: '07:40',
        passengers: ['per_eli', 'per_nico'],
        private: true,
      });
      // Nico is now a passenger of the private flight: he sees it; the crew hotel is still not his.
      expect(await nicoSees()).toEqual({ travel: [trip.id], hotels: [] });
      const managed = await sheet(cara, prague);
      const flight = managed.travel!.find((t) => t.id === trip.id) as unknown as {
        passengers: { id: string; name: string }[];
        departsAt: string;
      };
      expect(flight.passengers.map((p) => p.id).sort()).toEqual(['per_eli', 'per_nico']);
      expect(flight.passengers.every((p) => p.name && p.name !== p.id)).toBe(true);
      // Nico (band, no travel management) sees the flight, may not change it.
      expect(((await sheet(nico, prague)).travel ?? [])[0]?.can).toEqual({ edit: false, delete: false });
      expect((await nico.json('PATCH', `/api/days/${prague}/travel/${trip.id}`, { toPlace: 'Brno' })).status).toBe(403);
      // The hotel: rooming from the workspace's people, then opened to the band too.
      const roomed = await cara.json('PATCH', `/api/days/${prague}/hotels/${stay.id}`, {
        rooming: [{ personId: 'per_eli', roomType: 'double' }],
      });
      expect(roomed.status).toBe(200);
      expect(await roomed.json()).toMatchObject({ limitedToGroups: ['grp_crew'], rooming: [{ personId: 'per_eli' }] });
      expect(await nicoSees()).toEqual({ travel: [trip.id], hotels: [] });
      const opened = await cara.json('PATCH', `/api/days/${prague}/hotels/${stay.id}`, {
        limitedToGroups: ['grp_crew', 'grp_band'],
      });
      expect(opened.status).toBe(200);
      expect(await nicoSees()).toEqual({ travel: [trip.id], hotels: [stay.id] });
      const hotelRead = (await sheet(cara, prague)).hotels![0] as unknown as {
        limitedToGroups: string[];
        rooming: { personId?: string }[];
      };
      expect(hotelRead.limitedToGroups.sort()).toEqual(['grp_band', 'grp_crew']);
      expect(hotelRead.rooming.map((r) => r.personId)).toEqual(['per_eli']);
      // Readers without travel management never receive passengers, rooming ids or hotel groups.
      const nicoHotel = (await sheet(nico, prague)).hotels![0] as unknown as Record<string, unknown>;
      expect(nicoHotel.limitedToGroups).toBeUndefined();
      expect(JSON.stringify(await sheet(nico, prague))).not.toContain('per_eli');
      const bad = await cara.json('PATCH', `/api/days/${prague}/hotels/${stay.id}`, {
        limitedToGroups: ['grp_nowhere'],
      });
      expect(bad.status).toBe(400);
      // Deletes: Nico 403; Cara 204 with every tuple; the log keeps both.
      expect((await nico.json('DELETE', `/api/days/${prague}/hotels/${stay.id}`)).status).toBe(403);
      const storeId = await storeIdOf(harness);
      expect((await cara.json('DELETE', `/api/days/${prague}/hotels/${stay.id}`)).status).toBe(204);
      expect((await cara.json('DELETE', `/api/days/${prague}/travel/${trip.id}`)).status).toBe(204);
      expect((await cara.json('DELETE', `/api/days/${prague}/travel/${trip.id}`)).status).toBe(404);
      const left = (await allTuplesQuery(harness.db.db, storeId))
        .map((r) => fromRow(r))
        .filter((t) => [`travel_item:${trip.id}`, `hotel_stay:${stay.id}`].includes(t.object));
      expect(left).toEqual([]);
      expect(await countWhere(harness, `SELECT count(*) AS n FROM rooming_entries WHERE stay_id = '${stay.id}'`)).toBe(
        0,
      );
      const log = (await (await (await as(harness, 'ana')).get('/api/activity?limit=50')).json()) as {
        entries: { action: string; subject: string }[];
      };
      expect(log.entries.filter((e) => e.subject === `travel_item:${trip.id}`).length).toBe(3);
      expect(log.entries.filter((e) => e.subject === `hotel_stay:${stay.id}`).length).toBe(4);
      expect((await cara.json('DELETE', `/api/days/${prague}`)).status).toBe(204);
    });

    describe('acceptance 3: `can` flags', () => {
      const clients = new Map<string, Client>();
      beforeAll(async () => {
        for (const who of READERS) clients.set(who, await as(harness, who));
      });

      it('R13, R15, R17, R21, R26: for every demo person and every record type the flags equal the engine, and each denied action is 403 when forced', async () => {
        const storeId = await storeIdOf(harness);
        const index = new MemoryTupleIndex();
        for (const row of await allTuplesQuery(harness.db.db, storeId))
          index.add(withExtras(fromRow(row), row) as TupleKey);
        const model = compileModel(WORKSPACE_MODEL);
        const now = Date.now();
        const context = { current_time: new Date(now).toISOString() };
        let compared = 0;
        let forced = 0;
        const holdingsSeen = new Map<string, Promise<DayHoldings>>();
        const eventsSeen = new Map<string, Promise<string[]>>();
        const holdings = (dayId: string) =>
          holdingsSeen.get(dayId) ?? holdingsSeen.set(dayId, holdingsOf(harness, dayId)).get(dayId)!;
        const eventsOf = (dayId: string) =>
          eventsSeen.get(dayId) ??
          eventsSeen.set(dayId, idsWhere(harness, `SELECT id FROM events WHERE day_id = '${dayId}'`)).get(dayId)!;
        for (const who of READERS) {
          const client = clients.get(who)!;
          const engine = (relation: string, object: string) =>
            check(model, index, { user: `user:per_${who}`, relation, object, context, now }).allowed;
          const expectFlag = (flag: boolean | undefined, relation: string, object: string) => {
            expect(flag, `${who} ${relation} ${object}`).toBe(engine(relation, object));
            compared++;
          };
          const list = (await (await client.get('/api/days?limit=200')).json()) as DayList;
          const denied = new Map<string, () => Promise<Response>>();
          for (const d of list.days) {
            expectFlag(d.can.edit, 'can_manage_logistics', `show_day:${d.id}`);
            for (const e of d.events) expectFlag(e.can.edit, 'can_edit', `event:${e.id}`);
            const s = await sheet(client, d.id);
            const day = `show_day:${d.id}`;
            const id = d.id;
            expectFlag(s.can.manageLogistics, 'can_manage_logistics', day);
            expectFlag(s.can.edit, 'can_manage_logistics', day);
            expectFlag(s.can.manageTravel, 'can_manage_travel', day);
            expectFlag(s.can.manageFinancial, 'can_manage_financial', day);
            expectFlag(s.can.manageGuestList, 'can_manage_guest_list', day);
            expectFlag(s.can.requestGuestList, 'can_request_guest_list', day);
            for (const e of s.events) expectFlag(e.can.edit, 'can_edit', `event:${e.id}`);
            // Deleting: the day needs the right to remove everything on it; an event, editing it
            // while another event remains (worker/touring/day-removal.ts).
            const has = await holdings(d.id);
            const allEvents = await eventsOf(d.id);
            const deletable = mayDeleteDay(
              {
                can_manage_logistics: engine('can_manage_logistics', day),
                can_manage_travel: engine('can_manage_travel', day),
                can_manage_financial: engine('can_manage_financial', day),
                can_manage_guest_list: engine('can_manage_guest_list', day),
              },
              allEvents.map((e) => engine('can_edit', `event:${e}`)),
              has,
            );
            expect(s.can.delete, `${who} delete ${day}`).toBe(deletable);
            compared++;
            for (const e of s.events) {
              expect(e.can.delete, `${who} delete event:${e.id}`).toBe(
                engine('can_edit', `event:${e.id}`) && allEvents.length > 1,
              );
              compared++;
            }
            if (!s.can.delete) denied.set('day-delete', () => client.json('DELETE', `/api/days/${id}`));
            for (const e of s.events.filter((e) => !e.can.edit))
              denied.set('event-delete', () => client.json('DELETE', `/api/events/${e.id}`));
            const trip = s.travel?.[0];
            const stay = s.hotels?.[0];
            if (trip && !trip.can.edit) {
              denied.set('travel-edit', () =>
                client.json('PATCH', `/api/days/${id}/travel/${trip.id}`, { toPlace: 'x' }),
              );
              denied.set('travel-delete', () => client.json('DELETE', `/api/days/${id}/travel/${trip.id}`));
            }
            if (stay && !stay.can.edit) {
              denied.set('hotel-edit', () =>
                client.json('PATCH', `/api/days/${id}/hotels/${stay.id}`, { hotelName: 'x' }),
              );
              denied.set('hotel-delete', () => client.json('DELETE', `/api/days/${id}/hotels/${stay.id}`));
            }
            for (const r of s.schedule ?? []) {
              expectFlag(r.can.edit, 'can_manage_logistics', day);
              expectFlag(r.can.delete, 'can_manage_logistics', day);
            }
            for (const r of [...(s.travel ?? []), ...(s.hotels ?? [])]) {
              expectFlag(r.can.edit, 'can_manage_travel', day);
              expectFlag(r.can.delete, 'can_manage_travel', day);
            }
            if (s.venue) expectFlag(s.venue.can.edit, 'can_edit', `venue:${s.venue.id}`);
            for (const r of s.contacts ?? []) expectFlag(r.can.edit, 'can_edit', `contact:${r.id}`);
            for (const r of s.guestList?.requests ?? []) expectFlag(r.can.edit, 'can_manage_guest_list', day);
            if (s.settlement) expectFlag(s.settlement.can.edit, 'can_manage_financial', day);
            // The first denial of each kind is forced through the API.
            if (!s.can.manageLogistics) {
              denied.set('schedule', () => client.json('POST', `/api/days/${id}/schedule`, { label: 'forced' }));
              denied.set('day', () => client.json('PATCH', `/api/days/${id}`, { notes: 'forced' }));
              const item = s.schedule?.[0];
              if (item)
                denied.set('schedule-edit', () =>
                  client.json('PATCH', `/api/days/${id}/schedule/${item.id}`, { label: 'forced' }),
                );
            }
            if (!s.can.manageTravel)
              denied.set('travel', () =>
                client.json('POST', `/api/days/${id}/travel`, {
                  mode: 'bus',
                  fromPlace: 'a',
                  toPlace: 'b',
                  departsAt: '10:00',
                }),
              );
            if (!s.can.manageFinancial)
              denied.set('settlement', () => client.json('PATCH', `/api/days/${id}/settlement`, { guaranteeCents: 1 }));
            if (!s.can.manageGuestList)
              denied.set('guest-list', () => client.json('PATCH', `/api/days/${id}/guest-list`, { allotment: 1 }));
            for (const e of s.events.filter((e) => !e.can.edit))
              denied.set('event', () => client.json('PATCH', `/api/events/${e.id}`, { title: 'forced' }));
          }
          for (const [action, attempt] of denied) {
            expect((await attempt()).status, `${who} forced ${action}`).toBe(403);
            forced++;
          }
        }
        expect(compared).toBeGreaterThan(1000);
        expect(forced).toBeGreaterThan(40);
      });
    });
  });
}
