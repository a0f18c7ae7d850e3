import { client, data, READ, settle } from '#lib/api';
import { VIEW_AS } from '#lib/view-as.svelte.ts';
import type { PageLoad } from './$types';

/** One thread with its messages, if the reader may see it (R21), and whether they may post. */
export const load = (async ({ depends, params }) => {
  depends(VIEW_AS, READ.thread);
  return { thread: await settle(data(client.api.threads[':id'].$get({ param: { id: params.id } }))) };
}) satisfies PageLoad;
