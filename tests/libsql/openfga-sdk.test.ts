import { openfgaSdkSuite } from '../suites/openfga-sdk.suite.ts';
import { libsqlEdge } from './openfga-harness.ts';

// Made at the top level, so its temp folder goes after the file (from the suite's beforeAll it
// would stay: tests/temp-dir.ts).
const edge = await libsqlEdge();

// The SDK over its own default HTTP layer (axios on Node), against a real local HTTP server.
openfgaSdkSuite(
  async () => {
    const server = await edge.listen();
    return { store: 'libsql', apiUrl: server.url, close: server.close };
  },
  { streaming: true },
);
