import { libsqlHarness } from './harness.ts';
import { ticketingSuite } from '../suites/ticketing.suite.ts';

ticketingSuite(await libsqlHarness());
