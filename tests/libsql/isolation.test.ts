import { libsqlHarness } from './harness.ts';
import { isolationSuite } from '../suites/isolation.suite.ts';

isolationSuite(await libsqlHarness());
