import { client, data } from '#lib/api';
import type { PageLoad } from './$types';

/**
 * A person's page (issue 15): their access, what the reader may grant them and why not (R9), what
 * they can see now, their recent activity, and the choices the forms offer. What only managers
 * may read (counts, activity, outlets) is left empty for the rest, rather than failing the page.
 */
export const load: PageLoad = async ({ params }) => {
  const id = params.id;
  const [access, grantable, visible, roles, artists, events, groups, outlets, activity, info] = await Promise.all([
    data(client.api.people[':id'].access.$get({ param: { id } })),
    data(client.api.people[':id'].grantable.$get({ param: { id } })),
    data(client.api.people[':id'].visible.$get({ param: { id } }))
      .then((v) => v.counts)
      .catch(() => null),
    data(client.api.roles.$get()).then((r) => r.roles),
    data(client.api.artists.$get()).then((r) => r.artists),
    data(client.api.events.$get()).then((r) => r.events),
    data(client.api.groups.$get()).then((r) => r.groups),
    data(client.api.outlets.$get())
      .then((r) => r.outlets)
      .catch(() => []),
    data(client.api.activity.$get({ query: { person: id, limit: '20' } }))
      .then((r) => r.entries)
      .catch(() => []),
    data(client.api.workspace.$get()),
  ]);
  return {
    id,
    access,
    grantable,
    visible,
    roles,
    artists,
    events,
    groups,
    outlets,
    activity,
    workspaceId: info.workspace.id,
  };
};
