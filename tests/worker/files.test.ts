import { filesSuite } from '../suites/files.suite.ts';
import { d1Harness } from './harness.ts';

filesSuite(d1Harness());
