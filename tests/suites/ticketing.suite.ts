import { beforeAll, describe, expect, it } from 'vitest';
import { Client, type Harness } from './harness.ts';
import { withTuples } from './arrange.ts';
import { seedHarborCollab } from './collab-harbor.ts';
import { HARBOR } from './second-workspace.ts';
import { body, signedIn } from './collab-client.ts';

type Show = { eventId: string; can: Record<string, boolean>; checkIn?: { tickets: number; checkedIn: number } };
const BUYERS = [
  'Karl Vogt',
  'karl@buyer.test',
  '+49 40 5555 0001',
  'Lena Frey',
  'lena@buyer.test',
  'Omar Aziz',
  'omar@buyer.test',
];
const hamburgRole = (relation: string) => ({ object: 'role:role_box_office', relation, user: 'user:*' });

async function shows(client: Client): Promise<Show[]> {
  const response = await client.get('/api/ticketing/shows');
  expect(response.status).toBe(200);
  return (await body<{ shows: Show[] }>(response)).shows;
}

/** Ticketing (issue 6, R24, R16, R14, R12), through the HTTP API. */
export function ticketingSuite(harness: Harness): void {
  describe(`ticketing on ${harness.store}`, () => {
    let hana: Client;
    let ana: Client;
    beforeAll(async () => {
      await seedHarborCollab(harness.db);
      hana = await signedIn(harness, 'hana');
      ana = await signedIn(harness, 'ana');
    });

    it('R12, R24: Hana (box office on Hamburg only) sees the Hamburg show, with what her role allows there', async () => {
      const list = await shows(hana);
      expect(list.map((s) => s.eventId)).toEqual(['ev_hamburg']);
      expect(list[0]!.can).toMatchObject({
        checkIn: true,
        boxOffice: true,
        basicCheckInData: true,
        exceedOrderLimits: false,
        cashDrawer: false,
        advancedCheckInData: false,
        personalData: false,
      });
      expect(list[0]!.checkIn).toEqual({ tickets: 6, checkedIn: 2 });
      expect((await shows(ana)).map((s) => s.eventId).sort()).toEqual(['ev_berlin_1', 'ev_hamburg']);
    });

    it('R14: switching the Hamburg show off for Hana hides it and everything under it', async () => {
      await withTuples(
        harness,
        { writes: [{ object: 'event:ev_hamburg', relation: 'hidden_from', user: 'user:per_hana' }] },
        async () => {
          expect(await shows(hana)).toEqual([]);
          expect((await hana.get('/api/ticketing/shows/ev_hamburg/attendees')).status).toBe(404);
        },
      );
    });

    it('R24 check-in: Check in Attendees allows it; without it the attendee tab and check-ins are refused', async () => {
      const done = await hana.json('POST', '/api/ticketing/shows/ev_hamburg/check-ins', {
        attendeeId: 'att_hamburg_1_0',
      });
      expect(done.status).toBe(200);
      expect(
        (await hana.json('POST', '/api/ticketing/shows/ev_hamburg/check-ins', { attendeeId: 'att_hamburg_1_0' }))
          .status,
      ).toBe(409);
      const gus = await signedIn(harness, 'gus');
      expect((await gus.get('/api/ticketing/shows/ev_berlin_1/attendees')).status).toBe(403);
      expect(
        (await gus.json('POST', '/api/ticketing/shows/ev_berlin_1/check-ins', { attendeeId: 'att_berlin_1_1_0' }))
          .status,
      ).toBe(403);
      expect(
        (await hana.json('POST', '/api/ticketing/shows/ev_berlin_1/check-ins', { attendeeId: 'att_berlin_1_1_0' }))
          .status,
      ).toBe(404);
    });

    it('R24 box office: orders within the limit; above it only with Exceed Order Limits', async () => {
      const small = await hana.json('POST', '/api/ticketing/shows/ev_hamburg/orders', {
        quantity: 2,
        payment: 'cash',
        buyerName: 'Walk-up Buyer',
      });
      expect(small.status).toBe(201);
      expect(
        (
          await hana.json('POST', '/api/ticketing/shows/ev_hamburg/orders', {
            quantity: 8,
            payment: 'cash',
            buyerName: 'Group',
          })
        ).status,
      ).toBe(403);
      await withTuples(harness, { writes: [hamburgRole('exceed_order_limits')] }, async () => {
        expect(
          (
            await hana.json('POST', '/api/ticketing/shows/ev_hamburg/orders', {
              quantity: 8,
              payment: 'card',
              buyerName: 'Group',
            })
          ).status,
        ).toBe(201);
      });
      const gus = await signedIn(harness, 'gus');
      expect(
        (
          await gus.json('POST', '/api/ticketing/shows/ev_berlin_1/orders', {
            quantity: 1,
            payment: 'cash',
            buyerName: 'x',
          })
        ).status,
      ).toBe(403);
    });

    it('R24 cash drawer: only with Cash Drawer Management', async () => {
      expect((await hana.json('POST', '/api/ticketing/shows/ev_hamburg/cash-drawer', {})).status).toBe(403);
      expect((await ana.json('POST', '/api/ticketing/shows/ev_hamburg/cash-drawer', {})).status).toBe(200);
    });

    it('R24 check-in data: basic with View Basic, breakdowns only with View Advanced; neither for others', async () => {
      const basic = await body<Record<string, unknown>>(
        await hana.get('/api/ticketing/shows/ev_hamburg/check-in-report'),
      );
      expect(basic).toHaveProperty('basic');
      expect(basic).not.toHaveProperty('advanced');
      const full = await body<Record<string, unknown>>(
        await ana.get('/api/ticketing/shows/ev_hamburg/check-in-report'),
      );
      expect(full).toHaveProperty('advanced');
      const cara = await signedIn(harness, 'cara');
      expect((await cara.get('/api/ticketing/shows/ev_hamburg/check-in-report')).status).toBe(403);
    });

    it("R16: attendees' names, emails and phones only with View Personal Data — in the list, the order answer and the export", async () => {
      const withData = JSON.stringify(await body(await ana.get('/api/ticketing/shows/ev_hamburg/attendees')));
      for (const data of BUYERS) expect(withData).toContain(data);
      const list = await body<{ attendees: Record<string, unknown>[] }>(
        await hana.get('/api/ticketing/shows/ev_hamburg/attendees'),
      );
      expect(list.attendees.length).toBeGreaterThanOrEqual(6);
      for (const a of list.attendees) {
        expect(a).not.toHaveProperty('name');
        expect(a).not.toHaveProperty('email');
        expect(a).not.toHaveProperty('phone');
      }
      // searching by name finds nothing for a reader who may not see names
      expect(
        (await body<{ attendees: unknown[] }>(await hana.get('/api/ticketing/shows/ev_hamburg/attendees?q=karl')))
          .attendees,
      ).toEqual([]);
      const order = await hana.json('POST', '/api/ticketing/shows/ev_hamburg/orders', {
        quantity: 1,
        payment: 'card',
        buyerName: 'Petra Secret',
        buyerEmail: 'petra@secret.test',
      });
      expect(JSON.stringify(await order.json())).not.toMatch(/Petra|petra@/);
      await withTuples(
        harness,
        {
          writes: [
            { object: 'workspace:ws_northline', relation: 'export_access', user: 'user:per_hana' },
            hamburgRole('download_attendee_reports'),
          ],
        },
        async () => {
          const response = await hana.get('/api/exports/attendees.csv?eventId=ev_hamburg');
          expect(response.status).toBe(200);
          const text = await response.text();
          expect(text.split('\r\n')[0]).toBe('id,orderId,ticketType,checkedIn,checkedInAt,name,email,phone');
          for (const data of [...BUYERS, 'Petra Secret', 'petra@secret.test']) expect(text).not.toContain(data);
        },
      );
      const exported = await (await ana.get('/api/exports/attendees.csv?eventId=ev_hamburg')).text();
      for (const data of BUYERS) expect(exported).toContain(data);
      expect((await hana.get('/api/exports/attendees.csv?eventId=ev_hamburg')).status).toBe(403);
    });

    it('bad input is a 400 naming the field', async () => {
      for (const [input, field] of [
        [{ payment: 'cash', buyerName: 'x' }, 'quantity'],
        [{ quantity: 0, payment: 'cash', buyerName: 'x' }, 'quantity'],
        [{ quantity: 1, payment: 'iou', buyerName: 'x' }, 'payment'],
        [{ quantity: 1, payment: 'cash', buyerName: 'x', buyerEmail: 'no' }, 'buyerEmail'],
      ] as const) {
        const response = await ana.json('POST', '/api/ticketing/shows/ev_hamburg/orders', input);
        expect([response.status, (await body(response)).field], JSON.stringify(input)).toEqual([400, field]);
      }
      const checkIn = await ana.json('POST', '/api/ticketing/shows/ev_hamburg/check-ins', {});
      expect([checkIn.status, (await body(checkIn)).field]).toEqual([400, 'attendeeId']);
    });

    it("security: 401 without a session; R1: another workspace's show answers 404", async () => {
      const anon = new Client(harness);
      for (const [method, path] of [
        ['GET', '/api/ticketing/shows'],
        ['GET', '/api/ticketing/shows/ev_hamburg/attendees'],
        ['POST', '/api/ticketing/shows/ev_hamburg/check-ins'],
        ['POST', '/api/ticketing/shows/ev_hamburg/orders'],
        ['POST', '/api/ticketing/shows/ev_hamburg/cash-drawer'],
        ['GET', '/api/ticketing/shows/ev_hamburg/check-in-report'],
        ['GET', '/api/exports/attendees.csv?eventId=ev_hamburg'],
      ] as const) {
        expect((await anon.json(method, path, method === 'GET' ? undefined : {})).status, path).toBe(401);
      }
      for (const path of ['attendees', 'check-in-report'])
        expect((await ana.get(`/api/ticketing/shows/${HARBOR.eventId}/${path}`)).status).toBe(404);
      expect(
        (
          await ana.json('POST', `/api/ticketing/shows/${HARBOR.eventId}/orders`, {
            quantity: 1,
            payment: 'cash',
            buyerName: 'x',
          })
        ).status,
      ).toBe(404);
      const harbor = await signedIn(harness, 'harbor');
      expect((await shows(harbor)).map((s) => s.eventId)).toEqual([HARBOR.eventId]);
      expect((await harbor.get('/api/ticketing/shows/ev_hamburg/attendees')).status).toBe(404);
    });
  });
}
