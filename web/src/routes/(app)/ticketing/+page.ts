import { client, data } from '#lib/api';
import { VIEW_AS } from '#lib/view-as.svelte.ts';
import type { PageLoad } from './$types';

/** Ticketed shows (R24): those on for the reader, with what they may do at each (`can`). */
export const load = (async ({ depends }) => {
  depends(VIEW_AS);
  return { shows: (await data(client.api.ticketing.shows.$get())).shows };
}) satisfies PageLoad;
