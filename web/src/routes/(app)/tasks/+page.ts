import { client, data, peopleForPicker, READ, settle } from '#lib/api';
import { VIEW_AS } from '#lib/view-as.svelte.ts';
import type { PageLoad } from './$types';

/** Tasks the reader may see (R21), and the people a new task can be assigned to (R20). */
export const load = (async ({ depends }) => {
  depends(VIEW_AS, READ.tasks);
  const [tasks, people] = await Promise.all([settle(data(client.api.tasks.$get({ query: {} }))), peopleForPicker()]);
  return { tasks, people };
}) satisfies PageLoad;
