import { mailingSuite } from '../suites/mailing.suite.ts';
import { d1Harness } from './harness.ts';

mailingSuite(d1Harness());
