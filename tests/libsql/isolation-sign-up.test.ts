import { libsqlHarness } from './harness.ts';
import { isolationSuite } from '../suites/isolation.suite.ts';
import { SIGNED_UP_FOREIGN } from '../suites/sign-up.suite.ts';

// R1 for a workspace made by sign-up: the whole matrix, with it as the other workspace.
isolationSuite(await libsqlHarness({ ALLOW_SIGN_UP: 'true' }), SIGNED_UP_FOREIGN);
