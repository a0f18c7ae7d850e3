import { libsqlHarness } from './harness.ts';
import { previewSuite } from '../suites/preview.suite.ts';

previewSuite(await libsqlHarness());
