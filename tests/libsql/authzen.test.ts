import { authzenSuite } from '../suites/authzen.suite.ts';
import { libsqlEdge } from './openfga-harness.ts';

authzenSuite(await libsqlEdge());
