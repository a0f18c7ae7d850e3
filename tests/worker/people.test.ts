import { peopleSuite } from '../suites/people.suite.ts';
import { d1Harness } from './harness.ts';

peopleSuite(d1Harness());
