import { env } from 'cloudflare:test';
import app from '../../worker/index.ts';
import { d1Harness } from './harness.ts';
import { isolationSuite } from '../suites/isolation.suite.ts';
import { SIGNED_UP_FOREIGN } from '../suites/sign-up.suite.ts';

// R1 for a workspace made by sign-up: the whole matrix, with it as the other workspace.
isolationSuite(
  { ...d1Harness(), request: async (path, init) => app.request(path, init, { ...env, ALLOW_SIGN_UP: 'true' }) },
  SIGNED_UP_FOREIGN,
);
