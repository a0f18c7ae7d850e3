import { openfgaSuite } from '../suites/openfga.suite.ts';
import { d1Edge } from './openfga-harness.ts';

openfgaSuite(d1Edge());
