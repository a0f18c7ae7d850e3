/**
 * AuthZEN 1.0 routes, mounted twice: at `/stores/{id}/access/v1` (OpenFGA's layout: the path
 * names the store) and at `/access/v1` (the API key's store), both behind the API key.
 */
import { requireApiKey, type EdgeEnv } from '../../middleware/api-key.ts';
import { routes } from '../declare.ts';
import { actions } from './actions.ts';
import { evaluation } from './evaluation.ts';
import { search } from './search.ts';

export const authzenRoutes = routes<EdgeEnv>().route('/', evaluation).route('/', search).route('/', actions);

/** `/access/v1/...` at the root: the API key's own store. */
export const authzenRoot = routes<EdgeEnv>(requireApiKey()).route('/', authzenRoutes);

export { discovery } from './discovery.ts';
