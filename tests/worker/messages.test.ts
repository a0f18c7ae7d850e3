import { messagesSuite } from '../suites/messages.suite.ts';
import { d1Harness } from './harness.ts';

messagesSuite(d1Harness());
