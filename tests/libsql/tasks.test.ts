import { libsqlHarness } from './harness.ts';
import { tasksSuite } from '../suites/tasks.suite.ts';

tasksSuite(await libsqlHarness());
