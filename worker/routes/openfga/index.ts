/**
 * The OpenFGA-compatible API at `/stores`, same paths and JSON as OpenFGA (so `@openfga/sdk`
 * works unchanged), every route behind an API key. AuthZEN's per-store routes
 * (`/stores/{id}/access/v1/...`) are mounted here too, as OpenFGA serves them.
 */
import { requireApiKey, type EdgeEnv } from '../../middleware/api-key.ts';
import { routes } from '../declare.ts';
import { authzenRoutes } from '../authzen/index.ts';
import { apiKeyRoutes } from './api-keys.ts';
import { models } from './models.ts';
import { queries } from './queries.ts';
import { stores } from './stores.ts';
import { tuples } from './tuples.ts';

export const openfga = routes<EdgeEnv>(requireApiKey())
  .route('/', stores)
  .route('/', models)
  .route('/', tuples)
  .route('/', queries)
  .route('/', apiKeyRoutes)
  .route('/:store_id/access/v1', authzenRoutes);
