import { libsqlHarness } from './harness.ts';
import { peopleSuite } from '../suites/people.suite.ts';

peopleSuite(await libsqlHarness());
