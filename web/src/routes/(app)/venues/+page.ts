import { readRecords } from '#lib/records';
import { VIEW_AS } from '#lib/view-as.svelte.ts';
import type { PageLoad } from './$types';

/** Venues the reader may see (R21), searched by name with `?q=`. */
export const load = (async ({ depends, url }) => {
  depends(VIEW_AS);
  const q = url.searchParams.get('q')?.trim() ?? '';
  return { q, rows: await readRecords('venue', q) };
}) satisfies PageLoad;
