import { client, data } from '#lib/api';
import { VIEW_AS } from '#lib/view-as.svelte.ts';
import type { PageLoad } from './$types';

/** The workspace's settings, whether the reader may change them (and why not), and its artists. */
export const load = (async ({ depends }) => {
  depends(VIEW_AS);
  return { answer: await data(client.api.settings.$get()) };
}) satisfies PageLoad;
