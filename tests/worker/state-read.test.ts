import { stateReadSuite } from '../suites/state-read.suite.ts';
import { d1Harness } from './harness.ts';

stateReadSuite(d1Harness());
