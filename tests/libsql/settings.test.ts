import { libsqlHarness } from './harness.ts';
import { settingsSuite } from '../suites/settings.suite.ts';

settingsSuite(await libsqlHarness());
