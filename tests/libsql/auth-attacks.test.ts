import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { expect, it } from 'vitest';
import { libsqlHarness } from './harness.ts';
import { authAttacksSuite } from '../suites/auth-attacks.suite.ts';
import { createNodeApp } from '../../worker/node.ts';
import { migrateLibsql } from '../../db/migrate-libsql.ts';
import { tempDir } from '../temp-dir.ts';

authAttacksSuite(await libsqlHarness());

it("R16: on Node the UI gets the build's security headers — a CSP with the hash of the page's own inline script — and the API keeps its own", async () => {
  const client = createClient({ url: `file:${join(tempDir('laminate-node-'), 'node.db')}` });
  await migrateLibsql(client);
  const app = createNodeApp(client);
  const page = readFileSync('web/build/index.html', 'utf8');
  const inline = /<script>([\s\S]*?)<\/script>/.exec(page)?.[1];
  expect(inline, "the built page has SvelteKit's inline bootstrap (run the UI build first)").toBeTruthy();
  const hash = `'sha256-${createHash('sha256').update(inline!).digest('base64')}'`;
  for (const path of ['/', '/days', '/settings/people']) {
    const response = await app.request(path);
    expect(response.status, path).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp, path).toContain(`script-src 'self' ${hash}`);
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
  }
  const api = await app.request('/api/session');
  expect(api.status).toBe(401);
  expect(api.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
  client.close();
});
