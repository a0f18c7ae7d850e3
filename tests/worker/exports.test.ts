import { exportsSuite } from '../suites/exports.suite.ts';
import { d1Harness } from './harness.ts';

exportsSuite(d1Harness());
