import { client, data, peopleForPicker, READ, settle } from '#lib/api';
import { VIEW_AS } from '#lib/view-as.svelte.ts';
import type { PageLoad } from './$types';

/** The workspace's API keys (never their secrets) and the people a key can act as. */
export const load = (async ({ depends }) => {
  depends(VIEW_AS, READ.apiKeys);
  const [keys, people] = await Promise.all([settle(data(client.api['api-keys'].$get())), peopleForPicker()]);
  return { keys, people };
}) satisfies PageLoad;
