import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { allTuplesQuery } from '../../db/authz/tuples.ts';
import { authzStores } from '../../db/schema.ts';
import { fromRow, withExtras } from '../../db/authz/codec.ts';
import { check, compileModel, MemoryTupleIndex, type TupleKey } from '../../functions/index.ts';
import { WORKSPACE_MODEL } from '../../model/workspace-model.ts';
import { type Client, signedIn, type Harness } from './harness.ts';
import { storeIdOf } from './arrange.ts';

const as = signedIn;

type Can = { edit: boolean; delete?: boolean };
type Sheet = {
  day: { id: string };
  events: { id: string; can: Can }[];
  can: {
    manageLogistics: boolean;
    manageTravel: boolean;
    manageFinancial: boolean;
    manageGuestList: boolean;
    edit: boolean;
    requestGuestList: boolean;
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
            expectFlag(s.can.manageLogistics, 'can_manage_logistics', day);
            expectFlag(s.can.edit, 'can_manage_logistics', day);
            expectFlag(s.can.manageTravel, 'can_manage_travel', day);
            expectFlag(s.can.manageFinancial, 'can_manage_financial', day);
            expectFlag(s.can.manageGuestList, 'can_manage_guest_list', day);
            expectFlag(s.can.requestGuestList, 'can_request_guest_list', day);
            for (const e of s.events) expectFlag(e.can.edit, 'can_edit', `event:${e.id}`);
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
            const id = d.id;
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
