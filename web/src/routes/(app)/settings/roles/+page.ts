import { client, data, READ, settle } from '#lib/api';
import { VIEW_AS } from '#lib/view-as.svelte.ts';
import type { PageLoad } from './$types';

/** The workspace's roles (R11); one role's permissions and holders are read when it is opened. */
export const load = (async ({ depends }) => {
  depends(VIEW_AS, READ.roles);
  return { roles: await settle(data(client.api.roles.$get())) };
}) satisfies PageLoad;
