import { createApp } from '../../worker/app.ts';
import { libsqlHarness } from './harness.ts';
import { signUpSuite } from '../suites/sign-up.suite.ts';

const on = await libsqlHarness({ ALLOW_SIGN_UP: 'true' });
const closed = createApp(() => on.db);
signUpSuite(on, { ...on, request: async (path, init) => closed.request(path, init, {}) });
