import { apiKeysSuite } from '../suites/api-keys.suite.ts';
import { libsqlEdge } from './openfga-harness.ts';

apiKeysSuite(await libsqlEdge());
