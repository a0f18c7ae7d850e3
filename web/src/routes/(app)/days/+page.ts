import { client, data, settle } from '#lib/api';
import { VIEW_AS } from '#lib/view-as.svelte.ts';
import type { PageLoad } from './$types';

/**
 * The show days the reader may see (R21), and whether they may add any: the engine says for
 * which artists (R13, R15). One page of up to 200 days: the whole list, which also lets the
 * service worker drop kept sheets that are no longer visible (R27); offline it answers the kept
 * list.
 */
export const load = (async ({ depends }) => {
  depends(VIEW_AS);
  const [days, canCreate] = await Promise.all([
    settle(data(client.api.days.$get({ query: { limit: '200' } }))),
    settle(data(client.api.artists.$get()).then(({ artists }) => artists.some((a) => a.can.createEvents))),
  ]);
  return { days, canCreate };
}) satisfies PageLoad;
