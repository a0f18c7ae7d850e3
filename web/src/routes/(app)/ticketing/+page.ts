import { client, data } from '#lib/api';

/** Ticketed shows (R24): those on for the reader, with what they may do at each (`can`). */
export const load = async () => ({ shows: (await data(client.api.ticketing.shows.$get())).shows });
