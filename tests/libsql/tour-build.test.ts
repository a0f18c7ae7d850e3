import { libsqlHarness } from './harness.ts';
import { tourBuildSuite } from '../suites/tour-build.suite.ts';

tourBuildSuite(await libsqlHarness());
