import { Hono } from 'hono';
import { workspaceSession, type WorkspaceEnv } from '../../workspace/context.ts';
import { publicPerson } from '../session.ts';

/** What the signed-in person may do across the workspace: the UI shows and hides by this. */
const CAPABILITIES = [
  'can_manage_people',
  'can_read_activity_log',
  'can_export',
  'can_use_itinerary',
  'can_use_contacts',
  'can_use_venues',
  'view_team',
] as const;

export const workspaceRoutes = new Hono<WorkspaceEnv>().use('*', ...workspaceSession()).get('/', async (c) => {
  const workspace = c.get('workspace');
  const answers = await c.get('authz').canAll(CAPABILITIES.map((r) => [r, `workspace:${workspace.id}`] as const));
  return c.json({
    workspace: { id: workspace.id, name: workspace.name, timezone: workspace.timezone },
    me: publicPerson(c.get('person')),
    ...(c.get('viewingAs') ? { viewingAs: c.get('viewingAs') } : {}),
    can: Object.fromEntries(CAPABILITIES.map((r, i) => [r, answers[i]])),
  });
});
