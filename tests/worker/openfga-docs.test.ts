import { docsSuite, rateLimitSuite, countingLimiter } from '../suites/openfga-docs.suite.ts';
import { d1Edge } from './openfga-harness.ts';

docsSuite(d1Edge());
rateLimitSuite(d1Edge({ API_RATE_LIMIT: countingLimiter(2) }));
