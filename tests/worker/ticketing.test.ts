import { ticketingSuite } from '../suites/ticketing.suite.ts';
import { d1Harness } from './harness.ts';

ticketingSuite(d1Harness());
