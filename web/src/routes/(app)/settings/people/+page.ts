import { client, data } from '#lib/api';
import type { PageLoad } from './$types';

/**
 * Settings › People: the team (R20: those the reader may see), invitations, the local outbox, and
 * what the invite form offers (roles with their scopes, artists, groups, outlets). What only
 * administrators may read is left empty for the rest, rather than failing the page.
 */
export const load: PageLoad = async () => {
  const [people, roles, invitations, outbox, artists, events, groups, outlets, info] = await Promise.all([
    data(client.api.people.$get()).then((r) => r.people),
    data(client.api.roles.$get()).then((r) => r.roles),
    data(client.api.invitations.$get()).then((r) => r.invitations),
    data(client.api.outbox.$get())
      .then((r) => r.messages)
      .catch(() => []),
    data(client.api.artists.$get()).then((r) => r.artists),
    data(client.api.events.$get()).then((r) => r.events),
    data(client.api.groups.$get()).then((r) => r.groups),
    data(client.api.outlets.$get())
      .then((r) => r.outlets)
      .catch(() => []),
    data(client.api.workspace.$get()),
  ]);
  return { people, roles, invitations, outbox, artists, events, groups, outlets, workspaceId: info.workspace.id };
};
