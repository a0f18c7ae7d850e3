import { libsqlHarness } from './harness.ts';
import { authorizerClockSuite } from '../suites/authorizer-clock.suite.ts';

authorizerClockSuite(await libsqlHarness());
