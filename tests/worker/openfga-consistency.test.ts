import { consistencySuite } from '../suites/openfga-consistency.suite.ts';
import { d1Edge } from './openfga-harness.ts';

consistencySuite(d1Edge());
