/**
 * `npm start`: migrations, demo seed, UI build, then the workspace and API on
 * http://localhost:8787 — `wrangler dev` on local D1, or Node on libSQL when LIBSQL_URL is set.
 * Ctrl-C stops everything it started (wrangler runs in its own process group, so its workerd
 * children go with it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { seedLocal } from './seed.ts';
import { startNodeServer } from '../worker/node.ts';

const port = Number(process.env.PORT ?? 8787);
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };

function run(command: string, args: string[], cwd = '.'): void {
  const result = spawnSync(command, args, { stdio: 'inherit', env, cwd });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

/**
 * The operator key (LAMINATE_ADMIN_KEY) for the OpenFGA API on this machine: made once into
 * .dev.vars (git-ignored, read by wrangler dev), shown at every start.
 */
function operatorKey(): string {
  const existing = existsSync('.dev.vars')
    ? /^LAMINATE_ADMIN_KEY=(.+)$/m.exec(readFileSync('.dev.vars', 'utf8'))?.[1]
    : undefined;
  if (existing) return existing.trim();
  const key = `lmn_dev_${randomBytes(24).toString('base64url')}`;
  writeFileSync(
    '.dev.vars',
    `${existsSync('.dev.vars') ? readFileSync('.dev.vars', 'utf8') : ''}LAMINATE_ADMIN_KEY=${key}\n`,
    { mode: 0o600 },
  );
  return key;
}
const adminKey = process.env.LAMINATE_ADMIN_KEY ?? operatorKey();
process.env.LAMINATE_ADMIN_KEY = adminKey;
// Development: every answer is checked against its route's declaration (worker/middleware/check-response.ts).
process.env.LAMINATE_VALIDATE_RESPONSES ??= '1';
process.env.ALLOW_SIGN_UP ??= 'true'; // anyone may start a workspace locally (docs/people.md, "Sign-up")

if (!process.env.LIBSQL_URL) run('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local']);
await seedLocal();
console.log('seeded the Northline demo (password for every demo person: laminate-demo)');
run('vite', ['build', '--logLevel', 'warn'], 'web');
console.log(`operator key for the OpenFGA API (Authorization: Bearer …): ${adminKey}  (kept in .dev.vars)`);

if (process.env.LIBSQL_URL) {
  const server = startNodeServer({ url: process.env.LIBSQL_URL, authToken: process.env.LIBSQL_AUTH_TOKEN, port });
  console.log(`Laminate on libSQL: http://localhost:${port}`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else {
  const vars = [
    '--var',
    `LAMINATE_VALIDATE_RESPONSES:${process.env.LAMINATE_VALIDATE_RESPONSES}`,
    '--var',
    `ALLOW_SIGN_UP:${process.env.ALLOW_SIGN_UP}`,
  ];
  const child = spawn('wrangler', ['dev', '--ip', '127.0.0.1', '--port', String(port), ...vars], {
    stdio: 'inherit',
    env,
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
