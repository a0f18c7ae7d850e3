import { env } from 'cloudflare:test';
import app from '../../worker/index.ts';
import { foundationSuite } from '../suites/foundation.suite.ts';

foundationSuite({ store: 'd1', request: async (path, init) => app.request(path, init, env) });
