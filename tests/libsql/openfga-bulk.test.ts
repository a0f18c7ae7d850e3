import { bulkSuite } from '../suites/openfga-bulk.suite.ts';
import { libsqlEdge } from './openfga-harness.ts';

bulkSuite(await libsqlEdge());
bulkSuite(await libsqlEdge({ LAMINATE_SNAPSHOT_MAX_TUPLES: '0' }), 'fetching source');
