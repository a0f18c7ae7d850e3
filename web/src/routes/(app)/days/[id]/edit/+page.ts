import { client, data, READ } from '#lib/api';
import { VIEW_AS } from '#lib/view-as.svelte.ts';
import type { PageLoad } from './$types';

/**
 * The day sheet to edit, with what the forms pick from: venues the reader may see (for the day),
 * groups and people of the workspace (for hotels, passengers and rooming) — each read only when
 * the sheet's `can` flags allow the form that uses it.
 */
export const load = (async ({ depends, params }) => {
  depends(VIEW_AS, READ.daySheet);
  const sheet = await data(client.api.days[':id'].sheet.$get({ param: { id: params.id } }));
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
}) satisfies PageLoad;
