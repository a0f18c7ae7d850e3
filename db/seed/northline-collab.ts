/**
 * The Northline demo's collaboration data (issue 6; README, "The demo: Northline Mgmt"): folders and files
 * (R22), tasks (R18), threads (R19), group-limited contacts and venues (R21), mailing lists
 * (R14) and two ticketed shows (R24). Pure: rows and their tuples, written by apply.ts in the
 * demo's one batch. File contents are not seeded (the blob store is not the database): seeded
 * files have no contents until someone uploads them.
 */
import {
  files,
  folders,
  mailingLists,
  mailingSends,
  mailingSubscribers,
  messages,
  tasks,
  threads,
} from '../collaboration/schema.ts';
import { attendees, ticketedShows, ticketOrders } from '../touring/schema.ts';
import type { contacts, venues } from '../touring/schema.ts';
import type { TupleKey } from '../../functions/index.ts';
import * as ct from '../../model/collab-tuples.ts';
import { DAY_MS, localDate, NORTHLINE_ID, NORTHLINE_TIMEZONE } from './northline.ts';

export const COLLAB_TABLES = {
  folders,
  files,
  tasks,
  threads,
  messages,
  mailingLists,
  mailingSubscribers,
  mailingSends,
  ticketedShows,
  ticketOrders,
  attendees,
};
export type CollabRows = { [K in keyof typeof COLLAB_TABLES]: (typeof COLLAB_TABLES)[K]['$inferInsert'][] };
export const emptyCollabRows = (): CollabRows => ({
  folders: [],
  files: [],
  tasks: [],
  threads: [],
  messages: [],
  mailingLists: [],
  mailingSubscribers: [],
  mailingSends: [],
  ticketedShows: [],
  ticketOrders: [],
  attendees: [],
});

type Item = { id: string; parentId: string | null; name: string; grants: ct.Grant[]; createdBy: string };

/** /Contracts: admins and Financial; /Riders: whoever sees The Vellums; /Passports: Ana and Cara. */
export const DEMO_FOLDERS: readonly Item[] = [
  {
    id: 'fld_contracts',
    parentId: null,
    name: 'Contracts',
    createdBy: 'per_ana',
    grants: [
      { person: 'per_ben', level: 'manage' },
      { person: 'per_ivan', level: 'view' },
      { person: 'per_cara', level: 'view' },
    ],
  },
  {
    id: 'fld_riders',
    parentId: null,
    name: 'Riders',
    createdBy: 'per_ana',
    grants: [
      { artist: 'art_vellums', level: 'view' },
      { person: 'per_cara', level: 'edit' },
    ],
  },
  {
    id: 'fld_passports',
    parentId: null,
    name: 'Passports',
    createdBy: 'per_ana',
    grants: [{ person: 'per_cara', level: 'manage' }],
  },
  { id: 'fld_passports_2026', parentId: 'fld_passports', name: '2026 tour', createdBy: 'per_cara', grants: [] },
  { id: 'fld_passports_band', parentId: 'fld_passports_2026', name: 'Band', createdBy: 'per_cara', grants: [] },
  { id: 'fld_passports_scans', parentId: 'fld_passports_band', name: 'Scans', createdBy: 'per_cara', grants: [] },
];

export const DEMO_FILES: readonly (Item & { contentType: string; size: number })[] = [
  {
    id: 'fil_agency_agreement',
    parentId: 'fld_contracts',
    name: 'Vellums EU Spring agency agreement.pdf',
    contentType: 'application/pdf',
    size: 0,
    createdBy: 'per_ana',
    grants: [],
  },
  {
    id: 'fil_rider_technical',
    parentId: 'fld_riders',
    name: 'Vellums technical rider.pdf',
    contentType: 'application/pdf',
    size: 0,
    createdBy: 'per_cara',
    grants: [],
  },
  {
    id: 'fil_rider_hospitality',
    parentId: 'fld_riders',
    name: 'Vellums hospitality rider.pdf',
    contentType: 'application/pdf',
    size: 0,
    createdBy: 'per_cara',
    grants: [],
  },
  // Three folders deep inside /Passports; Nico is listed on it, but the closed folders win.
  {
    id: 'fil_passport_nico',
    parentId: 'fld_passports_scans',
    name: 'Nico Hale passport.pdf',
    contentType: 'application/pdf',
    size: 0,
    createdBy: 'per_cara',
    grants: [{ person: 'per_nico', level: 'view' }],
  },
  {
    id: 'fil_settlement_berlin',
    parentId: null,
    name: 'Berlin settlement.pdf',
    contentType: 'application/pdf',
    size: 0,
    createdBy: 'per_ana',
    grants: [{ person: 'per_gus', level: 'view' }],
  },
];

/** Two for Dev, one for Eli, one for Cara, two unassigned (R18). */
export const DEMO_TASKS = [
  { id: 'tsk_dev_cables', title: 'Label the stage-box cables', assigneeId: 'per_dev', createdBy: 'per_cara', due: 0 },
  {
    id: 'tsk_dev_iem',
    title: 'Re-check IEM frequencies for Berlin',
    assigneeId: 'per_dev',
    createdBy: 'per_dev',
    due: 1,
  },
  { id: 'tsk_eli_power', title: 'Confirm 125 A power in Oslo', assigneeId: 'per_eli', createdBy: 'per_cara', due: 5 },
  { id: 'tsk_cara_scans', title: 'Collect passport scans', assigneeId: 'per_cara', createdBy: 'per_ana', due: 2 },
  { id: 'tsk_merch_count', title: 'Count merch stock after Hamburg', assigneeId: null, createdBy: 'per_cara', due: 3 },
  {
    id: 'tsk_guest_reminder',
    title: 'Send the guest-list cutoff reminder',
    assigneeId: null,
    createdBy: 'per_ben',
    due: 1,
  },
] as const;

/** A private "Hamburg settlement" thread for Ana, Cara and Ivan, and a normal one for the crew. */
export const DEMO_THREADS = [
  {
    id: 'thr_hamburg_settlement',
    title: 'Hamburg settlement',
    private: true,
    createdBy: 'per_cara',
    includedPeople: ['per_ana', 'per_cara', 'per_ivan'],
    includedGroups: [],
    messages: [
      ['msg_hamburg_1', 'per_cara', 'Box office report is in: 912 paid. Settlement sheet follows.'],
      ['msg_hamburg_2', 'per_ivan', 'Withholding tax booked at 15.825 %.'],
    ],
  },
  {
    id: 'thr_cologne_load_in',
    title: 'Cologne load-in',
    private: false,
    createdBy: 'per_eli',
    includedPeople: [],
    includedGroups: ['grp_crew'],
    messages: [
      ['msg_cologne_1', 'per_eli', 'Dock is round the back, one truck at a time.'],
      ['msg_cologne_2', 'per_dev', 'FOH position confirmed: centre, row 12.'],
    ],
  },
] as const;

/** R21: press contacts for the Press group; the rest limited to Office and Crew. */
export const PRESS_CONTACTS = [
  {
    id: 'con_press_rosa',
    name: 'Rosa Kent',
    company: 'NME',
    role: 'Music journalist',
    email: 'rosa@press.test',
    phone: '+44 20 5555 0101',
  },
  {
    id: 'con_press_tobias',
    name: 'Tobias Wahl',
    company: 'Radio Eins',
    role: 'Presenter',
    email: 'tobias@press.test',
    phone: '+49 30 5555 0102',
  },
] as const;
export const PRESS_VENUE = {
  id: 'ven_press_club',
  name: 'Presseclub',
  address: 'Schiffbauerdamm 40, 10117 Berlin',
  city: 'Berlin',
  capacity: 80,
} as const;
export const OFFICE_AND_CREW = ['grp_office', 'grp_crew'];

export const DEMO_MAILING_LISTS = [
  { id: 'ml_newsletter', name: 'Vellums newsletter', eventId: null, hiddenFrom: ['per_gus', 'per_hana'] },
  { id: 'ml_berlin', name: 'Berlin ticket buyers', eventId: 'ev_berlin_1', hiddenFrom: ['per_hana'] },
  { id: 'ml_hamburg', name: 'Hamburg ticket buyers', eventId: 'ev_hamburg', hiddenFrom: ['per_gus'] },
] as const;
const SUBSCRIBERS = [
  ['Mila Jansen', 'mila@fan.test'],
  ['Tom Berger', 'tom@fan.test'],
  ['Ines Duarte', 'ines@fan.test'],
] as const;

export const TICKETED = [
  { eventId: 'ev_hamburg', key: 'hamburg', capacity: 1000, orderLimit: 6, priceCents: 3200 },
  { eventId: 'ev_berlin_1', key: 'berlin_1', capacity: 1500, orderLimit: 6, priceCents: 3500 },
] as const;
const BUYERS = [
  ['Karl Vogt', 'karl@buyer.test', '+49 40 5555 0001', 2],
  ['Lena Frey', 'lena@buyer.test', '+49 40 5555 0002', 3],
  ['Omar Aziz', 'omar@buyer.test', null, 1],
] as const;

export function northlineCollab(
  now: number,
  existing: { contacts: (typeof contacts.$inferInsert)[]; venues: (typeof venues.$inferInsert)[] },
) {
  const ws = NORTHLINE_ID;
  const rows = emptyCollabRows();
  const out: TupleKey[] = [];
  for (const f of DEMO_FOLDERS) {
    rows.folders.push({
      id: f.id,
      workspaceId: ws,
      parentId: f.parentId,
      name: f.name,
      createdBy: f.createdBy,
      createdAt: now,
    });
    out.push(...ct.driveItemTuples(ws, 'folder', f, [{ person: f.createdBy, level: 'manage' }, ...f.grants]));
  }
  for (const f of DEMO_FILES) {
    rows.files.push({
      id: f.id,
      workspaceId: ws,
      folderId: f.parentId,
      name: f.name,
      contentType: f.contentType,
      size: f.size,
      blobKey: null,
      createdBy: f.createdBy,
      createdAt: now,
      updatedAt: now,
    });
    out.push(...ct.driveItemTuples(ws, 'file', f, [{ person: f.createdBy, level: 'manage' }, ...f.grants]));
  }
  for (const t of DEMO_TASKS) {
    rows.tasks.push({
      id: t.id,
      workspaceId: ws,
      title: t.title,
      assigneeId: t.assigneeId,
      createdBy: t.createdBy,
      dueDate: localDate(now, t.due, NORTHLINE_TIMEZONE),
      status: 'open',
      createdAt: now,
    });
    out.push(...ct.taskTuples(ws, t));
  }
  for (const th of DEMO_THREADS) {
    rows.threads.push({
      id: th.id,
      workspaceId: ws,
      title: th.title,
      private: th.private,
      createdBy: th.createdBy,
      createdAt: now,
    });
    out.push(...ct.threadTuples(ws, th));
    th.messages.forEach(([id, authorId, body], i) => {
      rows.messages.push({ id, workspaceId: ws, threadId: th.id, authorId, body, createdAt: now + i });
      out.push(...ct.messageTuples({ id, threadId: th.id, authorId }));
    });
  }
  const pressContacts = PRESS_CONTACTS.map((p) => ({ ...p, workspaceId: ws }));
  for (const c of existing.contacts) out.push(...ct.recordTuples(ws, 'contact', c.id, OFFICE_AND_CREW));
  for (const c of pressContacts) out.push(...ct.recordTuples(ws, 'contact', c.id, ['grp_press']));
  for (const v of existing.venues) out.push(...ct.recordTuples(ws, 'venue', v.id, OFFICE_AND_CREW));
  out.push(...ct.recordTuples(ws, 'venue', PRESS_VENUE.id, ['grp_press']));
  for (const l of DEMO_MAILING_LISTS) {
    rows.mailingLists.push({ id: l.id, workspaceId: ws, name: l.name, eventId: l.eventId, createdAt: now });
    out.push(...ct.mailingListTuples(ws, l, l.hiddenFrom));
    SUBSCRIBERS.forEach(([name, email], i) =>
      rows.mailingSubscribers.push({ id: `sub_${l.id}_${i}`, listId: l.id, name, email }),
    );
  }
  for (const show of TICKETED) {
    rows.ticketedShows.push({
      eventId: show.eventId,
      workspaceId: ws,
      capacity: show.capacity,
      orderLimit: show.orderLimit,
      priceCents: show.priceCents,
    });
    BUYERS.forEach(([name, email, phone, quantity], i) => {
      const orderId = `ord_${show.key}_${i}`;
      rows.ticketOrders.push({
        id: orderId,
        workspaceId: ws,
        eventId: show.eventId,
        channel: 'online',
        payment: 'card',
        buyerName: name,
        buyerEmail: email,
        buyerPhone: phone,
        quantity,
        totalCents: quantity * show.priceCents,
        createdAt: now - (i + 1) * DAY_MS,
      });
      for (let n = 0; n < quantity; n++) {
        rows.attendees.push({
          id: `att_${show.key}_${i}_${n}`,
          workspaceId: ws,
          eventId: show.eventId,
          orderId,
          ticketType: 'General admission',
          name: n === 0 ? name : `${name.split(' ')[0]}'s guest ${n}`,
          email: n === 0 ? email : null,
          phone: n === 0 ? phone : null,
          checkedInAt: i === 0 ? now - 3_600_000 : null,
        });
      }
    });
  }
  return { rows, contacts: pressContacts, venues: [{ ...PRESS_VENUE, workspaceId: ws }], tuples: out };
}
