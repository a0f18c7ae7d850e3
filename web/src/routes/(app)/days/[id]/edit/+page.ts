import { ApiFailure, client, data, failureMessage, READ, settle } from '#lib/api';
import { VIEW_AS } from '#lib/view-as.svelte.ts';
import type { PageLoad } from './$types';

/** A day the reader may not see (or that is gone) in the editor's words; any other failure as it came. */
function editorFailure(error: unknown): string {
  return error instanceof ApiFailure && error.status === 404
    ? 'This show day is not available to you.'
    : failureMessage(error);
}

/**
 * The day sheet to edit, with what the forms pick from (`editor`), or the message the page shows
 * in its place (settle: no SvelteKit error page).
 */
export const load = (async ({ depends, params }) => {
  depends(VIEW_AS, READ.daySheet);
  return { id: params.id, editor: await settle(readEditor(params.id), editorFailure) };
}) satisfies PageLoad;

/**
 * The day sheet, and venues the reader may see (for the day), groups and people of the workspace
 * (for hotels, passengers and rooming) — each read only when the sheet's `can` flags allow the
 * form that uses it; those three fall back to an empty list.
 */
async function readEditor(id: string) {
  const sheet = await data(client.api.days[':id'].sheet.$get({ param: { id } }));
  const [venues, groups, people] = await Promise.all([
    sheet.can.edit
      ? data(client.api.venues.$get({ query: {} }))
          .then((v) => v.venues ?? [])
          .catch(() => [])
      : [],
    sheet.can.manageTravel
      ? data(client.api.groups.$get()).then(
          (g) => g.groups,
          () => [],
        )
      : [],
    sheet.can.manageTravel
      ? data(client.api.people.$get()).then(
          (p) => p.people,
          () => [],
        )
      : [],
  ]);
  return {
    sheet,
    venues: venues.flatMap((r: Record<string, unknown>) =>
      typeof r.id === 'string' && typeof r.name === 'string' ? [{ id: r.id, name: r.name }] : [],
    ),
    groups: groups.map((g) => ({ id: g.id, name: g.name })),
    people: people.map((p) => ({ id: p.id, name: p.name })),
  };
}
