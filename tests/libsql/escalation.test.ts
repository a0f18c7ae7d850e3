import { libsqlHarness } from './harness.ts';
import { escalationSuite } from '../suites/escalation.suite.ts';

escalationSuite(await libsqlHarness());
