import { activitySuite } from '../suites/activity.suite.ts';
import { d1Harness } from './harness.ts';

activitySuite(d1Harness());
