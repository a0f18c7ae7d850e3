/**
 * `npm start`: migrations, demo seed, UI build, then the workspace and API on
 * http://localhost:8787 — `wrangler dev` on local D1, or Node on libSQL when LIBSQL_URL is set.
 * Ctrl-C, SIGTERM (what `kill`, `docker stop`, systemd and CI runners send) and SIGHUP stop
 * everything it started: `wrangler dev` runs in its own process group and ignores SIGTERM, so
 * the signal is passed to that group as SIGINT, and the group is SIGKILLed if it is still there
 * after STOP_GRACE_MS (its workerd children go with it).
 */
import { ensureUiBuilt } from './ui-build.ts';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { seedLocal } from './seed.ts';
import { startNodeServer } from '../worker/node.ts';

const port = Number(process.env.PORT ?? 8787);
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };
/** How long wrangler (or the Node server's open requests) get to stop before they are killed. */
const STOP_GRACE_MS = 5000;
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** What to do on a stop signal; until the server runs, there is nothing to wait for. */
let stop: () => void = () => process.exit(0);
for (const signal of STOP_SIGNALS) process.on(signal, () => stop());
watchForOrphaning();

/**
 * `npm start` runs this as npm → sh → tsx → node. A SIGTERM sent to npm's pid alone (rather than
 * its process group) reaches sh only, which dies without passing it on: on Linux, notice that
 * (tsx's parent changes) within a second and stop as if signalled.
 */
function watchForOrphaning(): void {
  if (!process.env.npm_lifecycle_event) return;
  const parentOf = (pid: number) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return undefined;
    }
  };
  const parent = process.ppid;
  const grandparent = parentOf(parent);
  if (grandparent === undefined) return;
  setInterval(() => {
    if (process.ppid !== parent || parentOf(parent) !== grandparent) stop();
  }, 1000).unref();
}

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
// LAMINATE_KEEP_UI_BUILD=1 (tests that run npm start while another server serves web/build):
// build only when web/build is missing, so the served assets are not replaced under it.
if (process.env.LAMINATE_KEEP_UI_BUILD === '1') ensureUiBuilt();
else run('vite', ['build', '--logLevel', 'warn'], 'web');
console.log(`operator key for the OpenFGA API (Authorization: Bearer …): ${adminKey}  (kept in .dev.vars)`);

if (process.env.LIBSQL_URL) {
  const server = startNodeServer({ url: process.env.LIBSQL_URL, authToken: process.env.LIBSQL_AUTH_TOKEN, port });
  console.log(`Laminate on libSQL: http://localhost:${port}`);
  stop = () => {
    stop = () => {};
    server.close(() => process.exit(0));
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    setTimeout(() => process.exit(0), STOP_GRACE_MS).unref();
  };
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
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is gone
    }
  };
  stop = () => {
    stop = () => {};
    signalGroup('SIGINT');
    setTimeout(() => {
      signalGroup('SIGKILL');
      process.exit(0);
    }, STOP_GRACE_MS);
  };
  // When wrangler exits (stopped, or on its own), whatever is left of its group goes with it.
  child.on('exit', (code) => {
    signalGroup('SIGKILL');
    process.exit(code ?? 0);
  });
}
