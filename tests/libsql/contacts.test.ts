import { libsqlHarness } from './harness.ts';
import { contactsSuite } from '../suites/contacts.suite.ts';

contactsSuite(await libsqlHarness());
