import { docsSuite, rateLimitSuite, countingLimiter } from '../suites/openfga-docs.suite.ts';
import { libsqlEdge } from './openfga-harness.ts';

docsSuite(await libsqlEdge());
rateLimitSuite(await libsqlEdge({ API_RATE_LIMIT: countingLimiter(2) }));
