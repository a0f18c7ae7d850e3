import { isolationSuite } from '../suites/isolation.suite.ts';
import { d1Harness } from './harness.ts';

isolationSuite(d1Harness());
