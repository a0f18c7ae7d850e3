import { libsqlHarness } from './harness.ts';
import { stateReadSuite } from '../suites/state-read.suite.ts';

stateReadSuite(await libsqlHarness());
