import { libsqlHarness } from './harness.ts';
import { foundationSuite } from '../suites/foundation.suite.ts';

foundationSuite(await libsqlHarness());
