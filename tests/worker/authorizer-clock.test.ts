import { authorizerClockSuite } from '../suites/authorizer-clock.suite.ts';
import { d1Harness } from './harness.ts';

authorizerClockSuite(d1Harness());
