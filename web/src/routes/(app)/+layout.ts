import { redirect } from '@sveltejs/kit';
import { client, currentSession, data, failureMessage } from '#lib/api';
import { app } from '#lib/app.svelte.ts';
import { VIEW_AS } from '#lib/view-as.svelte.ts';
import type { LayoutLoad } from './$types';

/**
 * The app shell: the signed-in person and what the workspace lets them (or the person viewed
 * as) do, kept in `app` for every page. No session: back to sign-in. Offline: the failure is
 * returned, not thrown, so the pages that work from the device (the day list, kept day sheets)
 * still render and say so themselves.
 */
export const load = (async ({ depends }) => {
  depends(VIEW_AS);
  let signedIn = true;
  try {
    app.me = await currentSession();
    signedIn = !!app.me;
    if (signedIn) app.info = await data(client.api.workspace.$get());
  } catch (e) {
    return { error: failureMessage(e) };
  }
  if (!signedIn) redirect(307, '/');
  return { error: '' };
}) satisfies LayoutLoad;
