import { openfgaSdkSuite } from '../suites/openfga-sdk.suite.ts';
import { libsqlEdge } from './openfga-harness.ts';

// The SDK over its own default HTTP layer (axios on Node), against a real local HTTP server.
openfgaSdkSuite(
  async () => {
    const server = await (await libsqlEdge()).listen();
    return { store: 'libsql', apiUrl: server.url, close: server.close };
  },
  { streaming: true },
);
