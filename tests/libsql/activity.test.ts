import { libsqlHarness } from './harness.ts';
import { activitySuite } from '../suites/activity.suite.ts';

activitySuite(await libsqlHarness());
