import { bulkSuite } from '../suites/openfga-bulk.suite.ts';
import { d1Edge } from './openfga-harness.ts';

bulkSuite(d1Edge());
bulkSuite(d1Edge({ LAMINATE_SNAPSHOT_MAX_TUPLES: '0', LAMINATE_COMPACT_MAX_TUPLES: '0' }), 'fetching source');
