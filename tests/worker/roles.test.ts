import { rolesSuite } from '../suites/roles.suite.ts';
import { d1Harness } from './harness.ts';

rolesSuite(d1Harness());
