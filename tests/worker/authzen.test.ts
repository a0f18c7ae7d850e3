import { authzenSuite } from '../suites/authzen.suite.ts';
import { d1Edge } from './openfga-harness.ts';

authzenSuite(d1Edge());
