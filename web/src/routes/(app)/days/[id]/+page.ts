import { ApiFailure, client, data, READ, settle } from '#lib/api';
import { VIEW_AS } from '#lib/view-as.svelte.ts';
import type { PageLoad } from './$types';

/** Offline and not kept, or kept no longer: the sheet's own words for a failed read (R27). */
function sheetFailure(error: unknown): string {
  if (!(error instanceof ApiFailure) || error.code === 'offline')
    return 'You are offline, and this day sheet was not saved on this device.';
  return error.status === 404 ? 'This day sheet is not available to you.' : error.message;
}

/**
 * The reader's own day sheet (R26: only the sections they may see). The service worker keeps
 * the last good answer, so offline this read answers the kept copy (R27).
 */
export const load = (async ({ depends, params }) => {
  depends(VIEW_AS, READ.daySheet);
  return { sheet: await settle(data(client.api.days[':id'].sheet.$get({ param: { id: params.id } })), sheetFailure) };
}) satisfies PageLoad;
