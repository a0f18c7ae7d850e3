import { libsqlHarness } from './harness.ts';
import { listEqualsCheckSuite } from '../suites/list-equals-check.suite.ts';

listEqualsCheckSuite(await libsqlHarness());
