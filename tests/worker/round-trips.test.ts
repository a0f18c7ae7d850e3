import { roundTripsSuite } from '../suites/round-trips.suite.ts';
import { d1Harness } from './harness.ts';

roundTripsSuite(d1Harness());
