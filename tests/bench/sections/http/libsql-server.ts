/**
 * Laminate on Node over a libSQL file, in its own process so that the bench's request loop does
 * not share an event loop with the server: `node --import tsx libsql-server.ts <file> <port>`,
 * LAMINATE_ADMIN_KEY in the environment. Listens on 127.0.0.1 only; prints `ready` when up.
 */
import { serve } from '@hono/node-server';
import { createClient } from '@libsql/client';
import { createNodeApp } from '../../../../worker/node.ts';

const [file, port] = process.argv.slice(2);
if (!file || !port) throw new Error('usage: libsql-server.ts <file> <port>');
const url = `file:${file}`;
const client = createClient({ url });
serve({ fetch: createNodeApp(client, { url }).fetch, port: Number(port), hostname: '127.0.0.1' }, () =>
  console.log('ready'),
);
const stop = () => {
  client.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
