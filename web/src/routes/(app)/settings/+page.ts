import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';

/** Settings opens on People. */
export const load = (() => {
  redirect(307, '/settings/people');
}) satisfies PageLoad;
