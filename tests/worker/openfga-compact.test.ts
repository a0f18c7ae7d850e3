import { openfgaSuite } from '../suites/openfga.suite.ts';
import { d1Edge } from './openfga-harness.ts';

// The same answers when every store is held as a compact snapshot (the large-store path).
openfgaSuite(d1Edge({ LAMINATE_SNAPSHOT_MAX_TUPLES: '0' }), 'compact snapshot');
