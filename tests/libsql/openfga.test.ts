import { openfgaSuite } from '../suites/openfga.suite.ts';
import { libsqlEdge } from './openfga-harness.ts';

openfgaSuite(await libsqlEdge());
