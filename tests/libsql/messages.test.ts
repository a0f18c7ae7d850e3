import { libsqlHarness } from './harness.ts';
import { messagesSuite } from '../suites/messages.suite.ts';

messagesSuite(await libsqlHarness());
