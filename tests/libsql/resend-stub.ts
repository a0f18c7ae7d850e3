/**
 * A stand-in for the Resend API on 127.0.0.1: it records what the real SDK sends and answers
 * like Resend does (`{ id }`), so tests assert on the request itself (to, subject, the link).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Mailbox, SentEmail } from '../suites/invitations.suite.ts';

export async function startResendStub(): Promise<Mailbox & { close(): Promise<void> }> {
  const received: SentEmail[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        authorization: req.headers.authorization ?? null,
        body: JSON.parse(body || '{}') as SentEmail['body'],
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `stub_${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received: () => [...received],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
