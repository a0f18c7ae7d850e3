import { client, data, peopleForPicker, READ, settle } from '#lib/api';
import { VIEW_AS } from '#lib/view-as.svelte.ts';
import type { PageLoad } from './$types';

/** The workspace's groups and the people who can be added to them; members are read on opening one. */
export const load = (async ({ depends }) => {
  depends(VIEW_AS, READ.groups);
  const [groups, people] = await Promise.all([settle(data(client.api.groups.$get())), peopleForPicker()]);
  return { groups, people };
}) satisfies PageLoad;
