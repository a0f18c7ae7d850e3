import { libsqlHarness } from './harness.ts';
import { filesSuite } from '../suites/files.suite.ts';

filesSuite(await libsqlHarness());
