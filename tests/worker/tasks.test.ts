import { tasksSuite } from '../suites/tasks.suite.ts';
import { d1Harness } from './harness.ts';

tasksSuite(d1Harness());
