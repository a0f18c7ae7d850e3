import { snapshotSuite } from '../suites/openfga-snapshot.suite.ts';
import { libsqlEdge } from './openfga-harness.ts';

snapshotSuite(await libsqlEdge({ LAMINATE_SNAPSHOT_MAX_TUPLES: '100' }));
