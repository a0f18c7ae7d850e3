import { client, data, peopleForPicker, settle } from '#lib/api';
import { VIEW_AS } from '#lib/view-as.svelte.ts';
import type { PageLoad } from './$types';

/** Threads the reader may see (R21), and whom a new thread can include (people R20, groups). */
export const load = (async ({ depends }) => {
  depends(VIEW_AS);
  const [threads, people, groups] = await Promise.all([
    settle(data(client.api.threads.$get())),
    peopleForPicker(),
    data(client.api.groups.$get()).then(
      (r) => r.groups,
      () => [],
    ),
  ]);
  return { threads, people, groups };
}) satisfies PageLoad;
