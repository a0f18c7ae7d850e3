import { groupsSuite } from '../suites/groups.suite.ts';
import { d1Harness } from './harness.ts';

groupsSuite(d1Harness());
