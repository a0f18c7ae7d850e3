import { createRoute } from '@hono/zod-openapi';
import { errors, ok, routes } from '../declare.ts';
import { z } from 'zod';
import { workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
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

/* Responses (declared once: validated in development and tests, typed in the UI's client). */
const WorkspaceGet200 = z.object({
  can: z.record(z.string(), z.boolean().optional()),
  viewingAs: z.object({ id: z.string(), name: z.string() }).optional(),
  workspace: z.object({ id: z.string(), name: z.string(), timezone: z.string() }),
  me: z.object({
    id: z.string(),
    workspaceId: z.string(),
    name: z.string(),
    email: z.string(),
    title: z.string().nullable(),
    level: z.enum(['master', 'outlet_admin', 'normal', 'no_access', 'api_only']),
  }),
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Workspace'],
  responses: { 200: ok(WorkspaceGet200), ...errors },
});

export const workspaceRoutes = routes<WorkspaceEnv>(...workspaceSession()).openapi(list, async (c) => {
  const workspace = c.get('workspace');
  const answers = await c.get('authz').canAll(CAPABILITIES.map((r) => [r, `workspace:${workspace.id}`] as const));
  return c.json(
    {
      workspace: { id: workspace.id, name: workspace.name, timezone: workspace.timezone },
      me: publicPerson(c.get('person')),
      ...(c.get('viewingAs') ? { viewingAs: c.get('viewingAs') } : {}),
      can: Object.fromEntries(CAPABILITIES.map((r, i) => [r, answers[i]])),
    },
    200,
  );
});
