import { recordRoutes } from './records.ts';

/** Contacts (R21): group-limited, and hidden from people barred from the contacts database. */
export const contactRoutes = recordRoutes('contact');
