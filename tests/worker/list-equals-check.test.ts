import { listEqualsCheckSuite } from '../suites/list-equals-check.suite.ts';
import { d1Harness } from './harness.ts';

listEqualsCheckSuite(d1Harness());
