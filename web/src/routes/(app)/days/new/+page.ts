import { client, data, settle } from '#lib/api';
import { VIEW_AS } from '#lib/view-as.svelte.ts';
import type { PageLoad } from './$types';

/** Only the artists the engine lets this person add show days for (R13, R15). */
export const load = (async ({ depends }) => {
  depends(VIEW_AS);
  return {
    artists: await settle(
      data(client.api.artists.$get()).then(({ artists }) => artists.filter((a) => a.can.createEvents)),
    ),
  };
}) satisfies PageLoad;
