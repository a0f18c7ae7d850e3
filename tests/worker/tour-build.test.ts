import { tourBuildSuite } from '../suites/tour-build.suite.ts';
import { d1Harness } from './harness.ts';

tourBuildSuite(d1Harness());
