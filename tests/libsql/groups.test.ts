import { libsqlHarness } from './harness.ts';
import { groupsSuite } from '../suites/groups.suite.ts';

groupsSuite(await libsqlHarness());
