import { contactsSuite } from '../suites/contacts.suite.ts';
import { d1Harness } from './harness.ts';

contactsSuite(d1Harness());
