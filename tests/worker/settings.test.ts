import { settingsSuite } from '../suites/settings.suite.ts';
import { d1Harness } from './harness.ts';

settingsSuite(d1Harness());
