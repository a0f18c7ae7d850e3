import { escalationSuite } from '../suites/escalation.suite.ts';
import { d1Harness } from './harness.ts';

escalationSuite(d1Harness());
