import { consistencySuite } from '../suites/openfga-consistency.suite.ts';
import { libsqlEdge } from './openfga-harness.ts';

consistencySuite(await libsqlEdge());
