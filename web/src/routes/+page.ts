import { redirect } from '@sveltejs/kit';
import { currentSession } from '#lib/api';
import type { PageLoad } from './$types';

/** Sign-in: someone already signed in goes straight to their days (offline: the form stays). */
export const load = (async () => {
  if (await currentSession().catch(() => null)) redirect(307, '/days');
}) satisfies PageLoad;
