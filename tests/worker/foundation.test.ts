import { foundationSuite } from '../suites/foundation.suite.ts';
import { d1Harness } from './harness.ts';

foundationSuite(d1Harness());
