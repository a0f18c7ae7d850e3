import { openfgaSuite } from '../suites/openfga.suite.ts';
import { withSettledSnapshots } from '../suites/openfga-harness.ts';
import { d1Edge } from './openfga-harness.ts';

// The same answers when every store is held as a compact snapshot (the large-store path), each
// request after the background load its predecessor started has ended.
openfgaSuite(withSettledSnapshots(d1Edge({ LAMINATE_SNAPSHOT_MAX_TUPLES: '0' })), 'compact snapshot');
