import { client, data, peopleForPicker, settle } from '#lib/api';
import { VIEW_AS } from '#lib/view-as.svelte.ts';
import type { PageLoad } from './$types';

/** The newest activity-log entries (R26) and the people they name; filters re-read on the page. */
export const load = (async ({ depends }) => {
  depends(VIEW_AS);
  const [entries, people] = await Promise.all([
    settle(data(client.api.activity.$get({ query: {} }))),
    peopleForPicker(),
  ]);
  return { entries, people };
}) satisfies PageLoad;
