import { libsqlHarness } from './harness.ts';
import { mailingSuite } from '../suites/mailing.suite.ts';

mailingSuite(await libsqlHarness());
