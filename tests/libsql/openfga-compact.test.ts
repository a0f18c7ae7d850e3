import { openfgaSuite } from '../suites/openfga.suite.ts';
import { libsqlEdge } from './openfga-harness.ts';

// The same answers when every store is held as a compact snapshot (the large-store path).
openfgaSuite(await libsqlEdge({ LAMINATE_SNAPSHOT_MAX_TUPLES: '0' }), 'compact snapshot');
