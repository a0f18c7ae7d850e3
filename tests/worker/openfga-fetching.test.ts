import { openfgaSuite } from '../suites/openfga.suite.ts';
import { d1Edge } from './openfga-harness.ts';

// The same answers when every store is read on demand through the engine's fetching source.
openfgaSuite(d1Edge({ LAMINATE_SNAPSHOT_MAX_TUPLES: '0', LAMINATE_COMPACT_MAX_TUPLES: '0' }), 'fetching source');
