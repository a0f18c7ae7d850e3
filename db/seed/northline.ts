/**
 * The Northline Mgmt demo workspace (README, "The demo: Northline Mgmt"). Pure data: ids are stable so
 * seeding is idempotent and tests can name records. Dates are laid out around the day the
 * demo is first seeded, so "today" always has a show and the tour is under way.
 */
import type { PersonLevel } from '../identity/schema.ts';
import type { PermissionKey, PersonSettingKey } from '../../model/catalogue.ts';
import type { ArtistAccess } from '../../model/tuples.ts';

export const NORTHLINE_ID = 'ws_northline';
export const NORTHLINE_TIMEZONE = 'Europe/Amsterdam';
/** Every demo person signs in with this password (README). */
export const DEMO_PASSWORD = 'laminate-demo';
export const DAY_MS = 24 * 60 * 60 * 1000;

export type DemoPerson = {
  id: string;
  name: string;
  email: string;
  title: string;
  level: PersonLevel;
  phone?: string;
  outletId?: string;
  /** Offsets in days from the seeding instant (R4, R5). */
  hiredInDays?: number;
  resignedDaysAgo?: number;
  failedSignIns?: number;
  groups: string[];
  settings?: PersonSettingKey[];
  artists?: Record<string, { level?: ArtistAccess; financial?: boolean }>;
};

export const DEMO_OUTLET = { id: 'out_live', name: 'Northline Live' } as const;

export const DEMO_GROUPS = [
  { id: 'grp_default', name: 'Default', isDefault: true },
  { id: 'grp_band', name: 'Band', isDefault: false },
  { id: 'grp_crew', name: 'Crew', isDefault: false },
  { id: 'grp_office', name: 'Office', isDefault: false },
  { id: 'grp_press', name: 'Press', isDefault: false },
] as const;

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    id: 'per_ana',
    name: 'Ana Lindqvist',
    email: 'ana@northline.test',
    title: 'Owner',
    level: 'master',
    groups: ['grp_office'],
  },
  {
    id: 'per_ben',
    name: 'Ben Okafor',
    email: 'ben@northline.test',
    title: 'Office manager',
    level: 'normal',
    groups: ['grp_office'],
    settings: ['administrator', 'activity_log_access', 'export_access'],
  },
  {
    id: 'per_cara',
    name: 'Cara Jensen',
    email: 'cara@northline.test',
    title: 'Tour manager',
    level: 'normal',
    phone: '+31 6 1234 5678',
    groups: ['grp_crew'],
    settings: ['tasks_all', 'export_access', 'itinerary_access'],
    artists: {
      art_vellums: { level: 'full', financial: true },
      art_mara: { level: 'none' },
      art_okoro: { level: 'none' },
    },
  },
  {
    id: 'per_dev',
    name: 'Dev Patel',
    email: 'dev@northline.test',
    title: 'Front-of-house engineer',
    level: 'normal',
    groups: ['grp_crew'],
    artists: { art_vellums: { level: 'read_only' } },
  },
  {
    id: 'per_eli',
    name: 'Eli Brandt',
    email: 'eli@northline.test',
    title: 'Production manager',
    level: 'normal',
    groups: ['grp_crew'],
    settings: ['tasks_unassigned'],
  },
  {
    id: 'per_fay',
    name: 'Fay Moreau',
    email: 'fay@northline.test',
    title: 'Publicist',
    level: 'normal',
    groups: ['grp_press'],
    artists: { art_mara: { level: 'read_only' } },
  },
  {
    id: 'per_gus',
    name: 'Gus Hartmann',
    email: 'gus@northline.test',
    title: 'Promoter, Berlin',
    level: 'normal',
    groups: [],
  },
  {
    id: 'per_hana',
    name: 'Hana Sato',
    email: 'hana@northline.test',
    title: 'Box office, Hamburg',
    level: 'normal',
    groups: [],
  },
  {
    id: 'per_ivan',
    name: 'Ivan Petrov',
    email: 'ivan@northline.test',
    title: 'Business manager',
    level: 'normal',
    groups: ['grp_office'],
    settings: ['read_only'],
    artists: { art_vellums: { financial: true }, art_mara: { financial: true }, art_okoro: { financial: true } },
  },
  {
    id: 'per_olga',
    name: 'Olga Berg',
    email: 'olga@northline.test',
    title: 'Administrator, Northline Live',
    level: 'outlet_admin',
    outletId: DEMO_OUTLET.id,
    groups: ['grp_office'],
  },
  {
    id: 'per_ian',
    name: 'Ian Walsh',
    email: 'ian@northline.test',
    title: 'Intern',
    level: 'normal',
    hiredInDays: 30,
    groups: ['grp_crew'],
  },
  {
    id: 'per_rex',
    name: 'Rex Dunn',
    email: 'rex@northline.test',
    title: 'Former crew',
    level: 'normal',
    resignedDaysAgo: 30,
    groups: ['grp_crew'],
  },
  {
    id: 'per_lou',
    name: 'Lou Fischer',
    email: 'lou@northline.test',
    title: 'Lighting tech',
    level: 'normal',
    resignedDaysAgo: 1,
    failedSignIns: 5,
    groups: ['grp_crew'],
  },
  {
    id: 'per_nico',
    name: 'Nico Hale',
    email: 'nico@northline.test',
    title: 'The Vellums: vocals',
    level: 'normal',
    groups: ['grp_band'],
  },
  {
    id: 'per_jo',
    name: 'Jo Marsh',
    email: 'jo@northline.test',
    title: 'The Vellums: drums',
    level: 'normal',
    groups: ['grp_band'],
  },
  {
    id: 'per_sync',
    name: 'Ticketing sync',
    email: 'sync@northline.test',
    title: 'API integration',
    level: 'api_only',
    groups: [],
  },
];

/** Custom roles of the demo, beside the predefined ones (model/roles.ts). */
export const DEMO_CUSTOM_ROLES: readonly { id: string; name: string; permissions: PermissionKey[] }[] = [
  {
    id: 'role_promoter',
    name: 'Promoter',
    permissions: [
      'view_performances',
      'view_tentative_events',
      'view_logistics',
      'view_financial',
      'request_guest_list',
      'view_personal_data',
      'financial_dashboards',
    ],
  },
  {
    id: 'role_box_office',
    name: 'Box Office',
    permissions: [
      'view_performances',
      'view_logistics',
      'request_guest_list',
      'check_in_attendees',
      'create_box_office_orders',
      'view_basic_check_in_data',
    ],
  },
];

export const predefinedRoleId = (key: string) => `role_${key}`;

/** Who holds which role where (R10, R12). */
export const DEMO_ASSIGNMENTS: readonly {
  id: string;
  personId: string;
  roleId: string;
  scopeType: 'workspace' | 'event';
  scopeId: string;
}[] = [
  {
    id: 'as_ben',
    personId: 'per_ben',
    roleId: predefinedRoleId('admin_non_financial'),
    scopeType: 'workspace',
    scopeId: NORTHLINE_ID,
  },
  {
    id: 'as_cara',
    personId: 'per_cara',
    roleId: predefinedRoleId('team_member'),
    scopeType: 'workspace',
    scopeId: NORTHLINE_ID,
  },
  {
    id: 'as_dev',
    personId: 'per_dev',
    roleId: predefinedRoleId('team_member_limited'),
    scopeType: 'workspace',
    scopeId: NORTHLINE_ID,
  },
  {
    id: 'as_eli',
    personId: 'per_eli',
    roleId: predefinedRoleId('team_member_no_finances'),
    scopeType: 'workspace',
    scopeId: NORTHLINE_ID,
  },
  {
    id: 'as_fay',
    personId: 'per_fay',
    roleId: predefinedRoleId('team_member_no_travel'),
    scopeType: 'workspace',
    scopeId: NORTHLINE_ID,
  },
  { id: 'as_gus_berlin_1', personId: 'per_gus', roleId: 'role_promoter', scopeType: 'event', scopeId: 'ev_berlin_1' },
  { id: 'as_gus_berlin_2', personId: 'per_gus', roleId: 'role_promoter', scopeType: 'event', scopeId: 'ev_berlin_2' },
  { id: 'as_hana_hamburg', personId: 'per_hana', roleId: 'role_box_office', scopeType: 'event', scopeId: 'ev_hamburg' },
  {
    id: 'as_ivan',
    personId: 'per_ivan',
    roleId: predefinedRoleId('team_member_no_finances'),
    scopeType: 'workspace',
    scopeId: NORTHLINE_ID,
  },
  {
    id: 'as_ian',
    personId: 'per_ian',
    roleId: predefinedRoleId('team_member'),
    scopeType: 'workspace',
    scopeId: NORTHLINE_ID,
  },
  {
    id: 'as_rex',
    personId: 'per_rex',
    roleId: predefinedRoleId('team_member'),
    scopeType: 'workspace',
    scopeId: NORTHLINE_ID,
  },
  {
    id: 'as_lou',
    personId: 'per_lou',
    roleId: predefinedRoleId('team_member_limited'),
    scopeType: 'workspace',
    scopeId: NORTHLINE_ID,
  },
  {
    id: 'as_nico',
    personId: 'per_nico',
    roleId: predefinedRoleId('team_member_limited'),
    scopeType: 'workspace',
    scopeId: NORTHLINE_ID,
  },
  {
    id: 'as_jo',
    personId: 'per_jo',
    roleId: predefinedRoleId('team_member_limited'),
    scopeType: 'workspace',
    scopeId: NORTHLINE_ID,
  },
  {
    id: 'as_sync',
    personId: 'per_sync',
    roleId: predefinedRoleId('team_member_limited'),
    scopeType: 'workspace',
    scopeId: NORTHLINE_ID,
  },
];

/**
 * R7: one pending and one expired invitation. Their token hashes are not SHA-256 hex, so no
 * token opens them: an admin re-sends the pending one to get a live link (in the outbox).
 */
export const DEMO_INVITATIONS = [
  {
    id: 'inv_kim',
    email: 'kim@northline.test',
    name: 'Kim Laurent',
    title: 'Merch manager',
    invitedBy: 'per_ana',
    sentDaysAgo: 2,
    expiresInDays: 13,
    grants: {
      level: 'normal' as const,
      outletId: null,
      role: {
        roleId: predefinedRoleId('team_member_no_finances'),
        scopeType: 'workspace' as const,
        scopeId: NORTHLINE_ID,
      },
      groups: ['grp_crew'],
      settings: ['tasks_unassigned'],
      artists: {},
    },
  },
  {
    id: 'inv_max',
    email: 'max@northline.test',
    name: 'Max Verhoeven',
    title: 'Runner',
    invitedBy: 'per_ben',
    sentDaysAgo: 20,
    expiresInDays: -5,
    grants: {
      level: 'normal' as const,
      outletId: null,
      role: { roleId: predefinedRoleId('team_member_limited'), scopeType: 'workspace' as const, scopeId: NORTHLINE_ID },
      groups: ['grp_crew'],
      settings: [],
      artists: {},
    },
  },
];

export const DEMO_ARTISTS = [
  { id: 'art_vellums', name: 'The Vellums', outletId: null },
  { id: 'art_mara', name: 'Mara Quint', outletId: null },
  { id: 'art_okoro', name: 'Okoro', outletId: DEMO_OUTLET.id },
] as const;

export const DEMO_TOUR = { id: 'tour_vellums_eu', artistId: 'art_vellums', name: 'Vellums EU Spring' } as const;

/** A Vellums show: the city data every section of its day sheet is built from. */
type Show = {
  key: string;
  offset: number;
  city: string;
  venue: string;
  address: string;
  capacity: number;
  promoter: string;
  promoterCompany: string;
  tentative?: boolean;
  settled?: boolean;
};

export const VELLUMS_SHOWS: readonly Show[] = [
  {
    key: 'amsterdam',
    offset: -2,
    city: 'Amsterdam',
    venue: 'Paradiso',
    address: 'Weteringschans 6-8, 1017 SG Amsterdam',
    capacity: 1500,
    promoter: 'Sanne de Vries',
    promoterCompany: 'Mojo Concerts',
    settled: true,
  },
  {
    key: 'antwerp',
    offset: -1,
    city: 'Antwerp',
    venue: 'Trix',
    address: 'Noordersingel 28, 2140 Antwerpen',
    capacity: 800,
    promoter: 'Pieter Claes',
    promoterCompany: 'Live Nation BE',
  },
  {
    key: 'cologne',
    offset: 0,
    city: 'Cologne',
    venue: 'Gloria',
    address: 'Apostelnstraße 11, 50667 Köln',
    capacity: 1000,
    promoter: 'Lena Weber',
    promoterCompany: 'Prime Entertainment',
  },
  {
    key: 'berlin_1',
    offset: 1,
    city: 'Berlin',
    venue: 'Astra Kulturhaus',
    address: 'Revaler Str. 99, 10245 Berlin',
    capacity: 1500,
    promoter: 'Gus Hartmann',
    promoterCompany: 'Trinity Music',
  },
  {
    key: 'berlin_2',
    offset: 2,
    city: 'Berlin',
    venue: 'Astra Kulturhaus',
    address: 'Revaler Str. 99, 10245 Berlin',
    capacity: 1500,
    promoter: 'Gus Hartmann',
    promoterCompany: 'Trinity Music',
    tentative: true,
  },
  {
    key: 'hamburg',
    offset: 3,
    city: 'Hamburg',
    venue: 'Uebel & Gefährlich',
    address: 'Feldstraße 66, 20359 Hamburg',
    capacity: 1000,
    promoter: 'Jonas Krüger',
    promoterCompany: 'Karsten Jahnke',
  },
  {
    key: 'copenhagen',
    offset: 5,
    city: 'Copenhagen',
    venue: 'Vega',
    address: 'Enghavevej 40, 1674 København',
    capacity: 1550,
    promoter: 'Mette Holm',
    promoterCompany: 'Smash!Bang!Pow!',
  },
  {
    key: 'oslo',
    offset: 7,
    city: 'Oslo',
    venue: 'Rockefeller',
    address: 'Torggata 16, 0181 Oslo',
    capacity: 1350,
    promoter: 'Ola Nordmann',
    promoterCompany: 'Atomic Soul',
  },
  {
    key: 'stockholm',
    offset: 8,
    city: 'Stockholm',
    venue: 'Debaser',
    address: 'Hornstulls strand 4, 117 39 Stockholm',
    capacity: 700,
    promoter: 'Elsa Lind',
    promoterCompany: 'FKP Scorpio SE',
  },
  {
    key: 'warsaw',
    offset: 9,
    city: 'Warsaw',
    venue: 'Progresja',
    address: 'Fort Wola 22, 01-258 Warszawa',
    capacity: 1800,
    promoter: 'Kasia Nowak',
    promoterCompany: 'Go Ahead',
  },
];

/** Days that are not Vellums shows: a day off, a travel day, Mara's holds, Okoro's show. */
export const OTHER_DAYS: readonly {
  id: string;
  artistId: string;
  tourId?: string;
  offset: number;
  city: string;
  event: {
    id: string;
    kind: 'special' | 'travel' | 'hold' | 'performance';
    status: 'tentative' | 'confirmed';
    title: string;
    holdRank?: number;
  };
}[] = [
  {
    id: 'day_off_hamburg',
    artistId: 'art_vellums',
    tourId: DEMO_TOUR.id,
    offset: 4,
    city: 'Hamburg',
    event: { id: 'ev_off_hamburg', kind: 'special', status: 'confirmed', title: 'Day off' },
  },
  {
    id: 'day_travel_oslo',
    artistId: 'art_vellums',
    tourId: DEMO_TOUR.id,
    offset: 6,
    city: 'Copenhagen → Oslo',
    event: { id: 'ev_travel_oslo', kind: 'travel', status: 'confirmed', title: 'Travel to Oslo' },
  },
  {
    id: 'day_mara_hold_1',
    artistId: 'art_mara',
    offset: 20,
    city: 'Utrecht',
    event: {
      id: 'ev_mara_hold_1',
      kind: 'hold',
      status: 'tentative',
      title: 'First hold: TivoliVredenburg',
      holdRank: 1,
    },
  },
  {
    id: 'day_mara_hold_2',
    artistId: 'art_mara',
    offset: 20,
    city: 'Ghent',
    event: { id: 'ev_mara_hold_2', kind: 'hold', status: 'tentative', title: 'Second hold: Handelsbeurs', holdRank: 2 },
  },
  {
    id: 'day_okoro_rotterdam',
    artistId: 'art_okoro',
    offset: 15,
    city: 'Rotterdam',
    event: { id: 'ev_okoro_rotterdam', kind: 'performance', status: 'tentative', title: 'Okoro at Maassilo' },
  },
];

/** The show-day schedule every Vellums show carries (R26). */
export const SHOW_SCHEDULE: readonly {
  label: string;
  startsAt: string | null;
  endsAt?: string;
  nextDay?: boolean;
  display?: 'exact' | 'approx' | 'tbd';
  confirmed?: boolean;
}[] = [
  { label: 'Bus call', startsAt: '09:00' },
  { label: 'Load-in', startsAt: '12:00' },
  { label: 'Soundcheck', startsAt: '16:00', endsAt: '17:00' },
  { label: 'Doors', startsAt: '19:00', display: 'approx' },
  { label: 'Support', startsAt: '20:00', endsAt: '20:40' },
  { label: 'The Vellums', startsAt: '21:00', endsAt: '22:30' },
  { label: 'Curfew', startsAt: '23:00' },
  { label: 'Load-out', startsAt: '23:15' },
  { label: 'Bus departs', startsAt: '01:30', nextDay: true, confirmed: false },
];

/** 8 approved of an allotment of 10, one pending (R26). */
export const GUESTS = [
  'Mila Jansen',
  'Tom Berger',
  'Ines Duarte',
  'Oskar Lund',
  'Priya Nair',
  'Sam Cole',
  'Yara Haddad',
  'Leo Brandt',
  'Ruth Adler',
] as const;

export { localDate } from './local-date.ts';
