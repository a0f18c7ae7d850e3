import { libsqlHarness } from './harness.ts';
import { roundTripsSuite } from '../suites/round-trips.suite.ts';

roundTripsSuite(await libsqlHarness());
