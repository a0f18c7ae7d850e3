import { libsqlHarness } from './harness.ts';
import { ADMIN_KEY } from '../suites/openfga-harness.ts';
import { fuzzSuite } from '../suites/fuzz.suite.ts';

fuzzSuite(await libsqlHarness({ LAMINATE_ADMIN_KEY: ADMIN_KEY }));
