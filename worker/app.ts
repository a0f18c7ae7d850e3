import { Hono } from 'hono';
import type { AppEnv } from './env.ts';
import type { Store } from '../db/store.ts';
import { requestId } from './middleware/request-id.ts';
import { perRequestStore } from './db-request.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { onError, onNotFound } from './middleware/on-error.ts';
import { health } from './routes/health.ts';
import { session } from './routes/session.ts';
import { days } from './routes/workspace/days.ts';
import { artistRoutes } from './routes/workspace/artists.ts';
import { eventRoutes } from './routes/workspace/events.ts';
import { workspaceRoutes } from './routes/workspace/workspace.ts';
import { whyRoutes } from './routes/workspace/why.ts';
import { outletRoutes, tourRoutes } from './routes/workspace/logistics.ts';
import { folderRoutes } from './routes/workspace/folders.ts';
import { fileRoutes } from './routes/workspace/files.ts';
import { taskRoutes } from './routes/workspace/tasks.ts';
import { messageRoutes } from './routes/workspace/messages.ts';
import { contactRoutes } from './routes/workspace/contacts.ts';
import { venueRoutes } from './routes/workspace/venues.ts';
import { exportRoutes } from './routes/workspace/exports.ts';
import { mailingListRoutes } from './routes/workspace/mailing-lists.ts';
import { ticketingRoutes } from './routes/workspace/ticketing.ts';
import { peopleRoutes } from './routes/workspace/people.ts';
import { roleRoutes } from './routes/workspace/roles.ts';
import { groupRoutes } from './routes/workspace/groups.ts';
import { invitationRoutes, outboxRoutes } from './routes/workspace/invitations.ts';
import { activityRoutes } from './routes/workspace/activity.ts';
import { apiKeyRoutes } from './routes/workspace/api-keys.ts';
import { openfga } from './routes/openfga/index.ts';
import { authzenRoot, discovery } from './routes/authzen/index.ts';
import { docs } from './routes/docs/index.ts';

/**
 * The composition root: every route is registered here, explicitly, in one place. The store is
 * handed in, so the same app runs on D1 (worker/index.ts) and on libSQL (worker/node.ts).
 */
export function createApp(resolveStore: (env: AppEnv['Bindings']) => Store) {
  const app = new Hono<AppEnv>();
  app.use('*', requestId());
  app.use('*', ...securityHeaders());
  app.use('*', perRequestStore(resolveStore));
  app.onError(onError);
  app.notFound(onNotFound);

  const routes = app
    .route('/api/health', health)
    .route('/api/session', session)
    .route('/api/days', days)
    .route('/api/workspace', workspaceRoutes)
    .route('/api/artists', artistRoutes)
    .route('/api/events', eventRoutes)
    .route('/api/why', whyRoutes)
    .route('/api/outlets', outletRoutes)
    .route('/api/tours', tourRoutes)
    .route('/api/folders', folderRoutes)
    .route('/api/files', fileRoutes)
    .route('/api/tasks', taskRoutes)
    .route('/api/threads', messageRoutes)
    .route('/api/contacts', contactRoutes)
    .route('/api/venues', venueRoutes)
    .route('/api/exports', exportRoutes)
    .route('/api/mailing-lists', mailingListRoutes)
    .route('/api/ticketing', ticketingRoutes);
  // People management (issue 7).
  routes.route('/api/people', peopleRoutes);
  routes.route('/api/roles', roleRoutes);
  routes.route('/api/groups', groupRoutes);
  routes.route('/api/invitations', invitationRoutes);
  routes.route('/api/outbox', outboxRoutes);
  routes.route('/api/activity', activityRoutes);
  routes.route('/api/api-keys', apiKeyRoutes);
  // The edge API (issue 4): OpenFGA at /stores, AuthZEN, discovery, the OpenAPI document and /docs.
  routes
    .route('/stores', openfga)
    .route('/access/v1', authzenRoot)
    .route('/.well-known/authzen-configuration', discovery)
    .route('/', docs);
  return routes;
}

export type App = ReturnType<typeof createApp>;
