import { snapshotSuite } from '../suites/openfga-snapshot.suite.ts';
import { d1Edge } from './openfga-harness.ts';

snapshotSuite(d1Edge({ LAMINATE_SNAPSHOT_MAX_TUPLES: '100' }));
