import type { AppEnv } from './env.ts';
import type { Store } from '../db/store.ts';
import { requestId } from './middleware/request-id.ts';
import { perRequestStore } from './middleware/db-request.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { onError, onNotFound } from './middleware/on-error.ts';
import { declarations } from './middleware/declared.ts';
import { checkResponses } from './middleware/check-response.ts';
import { jsonBodies } from './middleware/json-body.ts';
import { routes as declaredRoutes } from './routes/declare.ts';
import { health } from './routes/health.ts';
import { session } from './routes/session.ts';
import { signUp } from './routes/sign-up.ts';
import { emailChangeRoutes } from './routes/email-change.ts';
import { days } from './routes/workspace/days.ts';
import { artistRoutes } from './routes/workspace/artists.ts';
import { eventRoutes } from './routes/workspace/events.ts';
import { workspaceRoutes } from './routes/workspace/workspace.ts';
import { settingsRoutes } from './routes/workspace/settings.ts';
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
 * The composition root: every route is registered here, explicitly, in one chain, so `App` is
 * the whole API (the UI's `hc<App>` client). Each route is declared once
 * (worker/routes/declare.ts): the declarations validate requests, check responses in
 * development and tests, and are /openapi.json. The store is handed in, so the same app runs on
 * D1 (worker/index.ts) and on libSQL (worker/node.ts).
 */
export function createApp(resolveStore: (env: AppEnv['Bindings']) => Store) {
  const app = declaredRoutes<AppEnv>();
  const declared = declarations(app);
  app.use('*', requestId());
  app.use('*', ...securityHeaders());
  app.use('*', perRequestStore(resolveStore));
  app.use('*', checkResponses(declared));
  app.use('*', jsonBodies(declared));
  app.onError(onError);
  app.notFound(onNotFound);

  const routes = app
    .route('/api/health', health)
    .route('/api/session', session)
    .route('/api/sign-up', signUp)
    .route('/api/email-change', emailChangeRoutes)
    .route('/api/days', days)
    .route('/api/workspace', workspaceRoutes)
    .route('/api/settings', settingsRoutes)
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
    .route('/api/ticketing', ticketingRoutes)
    .route('/api/people', peopleRoutes)
    .route('/api/roles', roleRoutes)
    .route('/api/groups', groupRoutes)
    .route('/api/invitations', invitationRoutes)
    .route('/api/outbox', outboxRoutes)
    .route('/api/activity', activityRoutes)
    .route('/api/api-keys', apiKeyRoutes)
    // The edge API (issue 4): OpenFGA at /stores, AuthZEN, discovery; then the OpenAPI document and /docs.
    .route('/stores', openfga)
    .route('/access/v1', authzenRoot)
    .route('/.well-known/authzen-configuration', discovery)
    .route(
      '/',
      docs(() => app),
    );
  return routes;
}

export type App = ReturnType<typeof createApp>;
