import { libsqlHarness } from './harness.ts';
import { exportsSuite } from '../suites/exports.suite.ts';

exportsSuite(await libsqlHarness());
