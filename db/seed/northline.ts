/**
 * The Northline Mgmt demo workspace (shared DOMAIN.md, "Demo"). Pure data: ids are stable so
 * seeding is idempotent and tests can name records. Dates are laid out around the day the
 * demo is first seeded, so "today" always has a show and the tour is under way.
 */
import type { PersonLevel } from '../schema.ts';

export const NORTHLINE_ID = 'ws_northline';
/** Every demo person signs in with this password (README). */
export const DEMO_PASSWORD = 'laminate-demo';

const DAY_MS = 24 * 60 * 60 * 1000;

export type DemoPerson = {
  id: string;
  name: string;
  email: string;
  title: string;
  level: PersonLevel;
  /** Offsets in days from the seeding instant (R4, R5). */
  hiredInDays?: number;
  resignedDaysAgo?: number;
  failedSignIns?: number;
};

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { id: 'per_ana', name: 'Ana Lindqvist', email: 'ana@northline.test', title: 'Owner', level: 'master' },
  { id: 'per_ben', name: 'Ben Okafor', email: 'ben@northline.test', title: 'Office manager', level: 'normal' },
  { id: 'per_cara', name: 'Cara Jensen', email: 'cara@northline.test', title: 'Tour manager', level: 'normal' },
  { id: 'per_dev', name: 'Dev Patel', email: 'dev@northline.test', title: 'Front-of-house engineer', level: 'normal' },
  { id: 'per_eli', name: 'Eli Brandt', email: 'eli@northline.test', title: 'Production manager', level: 'normal' },
  { id: 'per_fay', name: 'Fay Moreau', email: 'fay@northline.test', title: 'Publicist', level: 'normal' },
  { id: 'per_gus', name: 'Gus Hartmann', email: 'gus@northline.test', title: 'Promoter, Berlin', level: 'normal' },
  { id: 'per_hana', name: 'Hana Sato', email: 'hana@northline.test', title: 'Box office, Hamburg', level: 'normal' },
  { id: 'per_ivan', name: 'Ivan Petrov', email: 'ivan@northline.test', title: 'Business manager', level: 'normal' },
  { id: 'per_olga', name: 'Olga Berg', email: 'olga@northline.test', title: 'Administrator, Northline Live', level: 'outlet_admin' },
  { id: 'per_ian', name: 'Ian Walsh', email: 'ian@northline.test', title: 'Intern', level: 'normal', hiredInDays: 30 },
  { id: 'per_rex', name: 'Rex Dunn', email: 'rex@northline.test', title: 'Former crew', level: 'normal', resignedDaysAgo: 30 },
  { id: 'per_lou', name: 'Lou Fischer', email: 'lou@northline.test', title: 'Lighting tech', level: 'normal', resignedDaysAgo: 1, failedSignIns: 5 },
  { id: 'per_sync', name: 'Ticketing sync', email: 'sync@northline.test', title: 'API integration', level: 'api_only' },
];

export const DEMO_ARTISTS = [
  { id: 'art_vellums', name: 'The Vellums' },
  { id: 'art_mara', name: 'Mara Quint' },
  { id: 'art_okoro', name: 'Okoro' },
] as const;

export const DEMO_TOUR = { id: 'tour_vellums_eu', artistId: 'art_vellums', name: 'Vellums EU Spring' } as const;

export type DemoDay = {
  id: string;
  artistId: string;
  tourId?: string;
  /** Days after the seeding day. */
  offset: number;
  kind: 'show' | 'travel' | 'off' | 'hold';
  status: 'tentative' | 'confirmed';
  city: string;
  venueName?: string;
  holdRank?: number;
};

const tour = { artistId: 'art_vellums', tourId: 'tour_vellums_eu' } as const;

export const DEMO_DAYS: readonly DemoDay[] = [
  { ...tour, id: 'day_amsterdam', offset: -2, kind: 'show', status: 'confirmed', city: 'Amsterdam', venueName: 'Paradiso' },
  { ...tour, id: 'day_antwerp', offset: -1, kind: 'show', status: 'confirmed', city: 'Antwerp', venueName: 'Trix' },
  { ...tour, id: 'day_cologne', offset: 0, kind: 'show', status: 'confirmed', city: 'Cologne', venueName: 'Gloria' },
  { ...tour, id: 'day_berlin_1', offset: 1, kind: 'show', status: 'confirmed', city: 'Berlin', venueName: 'Astra Kulturhaus' },
  { ...tour, id: 'day_berlin_2', offset: 2, kind: 'show', status: 'tentative', city: 'Berlin', venueName: 'Astra Kulturhaus' },
  { ...tour, id: 'day_hamburg', offset: 3, kind: 'show', status: 'confirmed', city: 'Hamburg', venueName: 'Uebel & Gefährlich' },
  { ...tour, id: 'day_off_hamburg', offset: 4, kind: 'off', status: 'confirmed', city: 'Hamburg' },
  { ...tour, id: 'day_copenhagen', offset: 5, kind: 'show', status: 'confirmed', city: 'Copenhagen', venueName: 'Vega' },
  { ...tour, id: 'day_travel_oslo', offset: 6, kind: 'travel', status: 'confirmed', city: 'Copenhagen → Oslo' },
  { ...tour, id: 'day_oslo', offset: 7, kind: 'show', status: 'confirmed', city: 'Oslo', venueName: 'Rockefeller' },
  { ...tour, id: 'day_stockholm', offset: 8, kind: 'show', status: 'confirmed', city: 'Stockholm', venueName: 'Debaser' },
  { ...tour, id: 'day_warsaw', offset: 9, kind: 'show', status: 'confirmed', city: 'Warsaw', venueName: 'Progresja' },
  { id: 'day_mara_hold_1', artistId: 'art_mara', offset: 20, kind: 'hold', status: 'tentative', city: 'Utrecht', venueName: 'TivoliVredenburg', holdRank: 1 },
  { id: 'day_mara_hold_2', artistId: 'art_mara', offset: 20, kind: 'hold', status: 'tentative', city: 'Ghent', venueName: 'Handelsbeurs', holdRank: 2 },
  { id: 'day_okoro_rotterdam', artistId: 'art_okoro', offset: 15, kind: 'show', status: 'tentative', city: 'Rotterdam', venueName: 'Maassilo' },
];

/** `YYYY-MM-DD` of `instant + offset days` in the given IANA time zone. */
export function localDate(instant: number, offsetDays: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant + offsetDays * DAY_MS));
}

export { DAY_MS };
