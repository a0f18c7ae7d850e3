import { recordRoutes } from './records.ts';

/** Venues (R21): group-limited, and hidden from people barred from the venues database. */
export const venueRoutes = recordRoutes('venue');
