import { libsqlHarness } from './harness.ts';
import { rolesSuite } from '../suites/roles.suite.ts';

rolesSuite(await libsqlHarness());
