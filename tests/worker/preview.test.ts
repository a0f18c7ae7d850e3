import { previewSuite } from '../suites/preview.suite.ts';
import { d1Harness } from './harness.ts';

previewSuite(d1Harness());
