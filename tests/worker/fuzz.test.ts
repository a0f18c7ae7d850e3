import { fuzzSuite } from '../suites/fuzz.suite.ts';
import { d1Harness } from './harness.ts';

// Half the libSQL run's requests: a request costs about three times as much in workerd + D1.
fuzzSuite(d1Harness(), 0.5);
