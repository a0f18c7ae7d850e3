import { client, data } from '#lib/api';
import { VIEW_AS } from '#lib/view-as.svelte.ts';
import type { PageLoad } from './$types';

/** Mailing lists (R14): those left on for the reader, each with what they may do (`can.send`). */
export const load = (async ({ depends }) => {
  depends(VIEW_AS);
  return { lists: (await data(client.api['mailing-lists'].$get())).mailingLists };
}) satisfies PageLoad;
