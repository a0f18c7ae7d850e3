import { client, data, READ, settle } from '#lib/api';
import { VIEW_AS } from '#lib/view-as.svelte.ts';
import type { PageLoad } from './$types';

/** The reader's own day sheet to print (R26): the API leaves out every section they may not see. */
export const load = (async ({ depends, params }) => {
  depends(VIEW_AS, READ.daySheet);
  return { id: params.id, sheet: await settle(data(client.api.days[':id'].sheet.$get({ param: { id: params.id } }))) };
}) satisfies PageLoad;
