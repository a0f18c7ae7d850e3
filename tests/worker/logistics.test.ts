import { logisticsSuite } from '../suites/logistics.suite.ts';
import { d1Harness } from './harness.ts';

logisticsSuite(d1Harness());
