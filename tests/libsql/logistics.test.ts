import { libsqlHarness } from './harness.ts';
import { logisticsSuite } from '../suites/logistics.suite.ts';

logisticsSuite(await libsqlHarness());
