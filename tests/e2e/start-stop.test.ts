/**
 * `npm start` stops on SIGTERM — what `kill`, `docker stop`, systemd and CI runners send to its
 * process group — on local D1 (`wrangler dev`, which ignores SIGTERM itself) and on libSQL
 * (Node): within 10 seconds the port is free and nothing it started is left, workerd included.
 *
 * The D1 case runs npm start exactly as a user does, on its default port 8787 (a developer's own
 * `npm start` must be stopped first: the test says so); the others take a free port through PORT.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './server.ts';
import { survivors, tree } from './processes.ts';
import { tempDir } from '../temp-dir.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * This file's logs, libSQL databases and its servers' TMPDIR; removed after the file, after the
 * groups below are killed (afterAll hooks run last-registered first).
 */
const scratch = tempDir('laminate-start-');
const serverTmp = join(scratch, 'tmp');
mkdirSync(serverTmp);
/** Process groups this file started or saw; all SIGKILLed in afterAll, whatever happened. */
const groups = new Set<number>();

afterAll(() => {
  for (const group of groups) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // gone already
    }
  }
});

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** npm start's own port when PORT is not given. */
const DEFAULT_PORT = 8787;

async function startNpm(
  env: Record<string, string>,
  options: { defaultPort?: boolean } = {},
): Promise<{ child: ChildProcess; port: number; logFile: string }> {
  if (options.defaultPort && !(await portIsFree(DEFAULT_PORT)))
    throw new Error(`port ${DEFAULT_PORT} is in use: stop your own \`npm start\` before running this test`);
  const port = options.defaultPort ? DEFAULT_PORT : await freePort();
  const logFile = join(mkdtempSync(join(scratch, 'npm-start-')), 'npm-start.log');
  const log = openSync(logFile, 'a');
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    // An operator key given here, so npm start does not write one into the checkout's .dev.vars.
    env: {
      ...process.env,
      ...(options.defaultPort ? {} : { PORT: String(port) }),
      LAMINATE_ADMIN_KEY: 'start-stop-test-key-0123456789abcdef',
      // the shared e2e server serves web/build: npm start must not rebuild it under that server
      LAMINATE_KEEP_UI_BUILD: '1',
      WRANGLER_SEND_METRICS: 'false',
      CI: 'true',
      TMPDIR: serverTmp,
      ...env,
    },
    detached: true,
    stdio: ['ignore', log, log],
  });
  groups.add(child.pid!);
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`npm start exited (${child.exitCode}): ${readFileSync(logFile, 'utf8')}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return { child, port, logFile };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`npm start did not answer on ${port}: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
}

/**
 * SIGTERM to npm start's process group (or to npm's pid alone); then waits, at most 10 s, for a
 * free port and no process left of those running or of their process groups.
 */
async function stopAndWatch(
  started: { child: ChildProcess; port: number; logFile: string },
  to: 'group' | 'pid' = 'group',
) {
  const running = tree(started.child.pid!);
  const pids = new Set(running.map((p) => p.pid));
  const seen = new Set(running.map((p) => p.pgid));
  for (const group of seen) groups.add(group);
  const sent = performance.now();
  process.kill(to === 'group' ? -started.child.pid! : started.child.pid!, 'SIGTERM');
  let left = survivors(pids, seen);
  let free = false;
  while (performance.now() - sent < 10_000) {
    free = await portIsFree(started.port);
    left = survivors(pids, seen);
    if (free && left.length === 0) break;
    await sleep(100);
  }
  const seconds = (performance.now() - sent) / 1000;
  console.log(
    `npm start (${started.port}): port free and ${running.length} processes gone ${seconds.toFixed(1)} s after SIGTERM to the ${to}`,
  );
  return { running, free, left, seconds };
}

describe('npm start stops on SIGTERM', () => {
  it('on local D1: wrangler dev and its workerd are gone and port 8787 is free within 10 seconds', async () => {
    const started = await startNpm({ LIBSQL_URL: '' }, { defaultPort: true });
    expect(started.port).toBe(8787);
    const stopped = await stopAndWatch(started);
    // What was running: npm, start.ts, wrangler dev in a group of its own, workerd.
    expect(stopped.running.some((p) => / dev --ip 127\.0\.0\.1/.test(p.command))).toBe(true);
    expect(stopped.running.some((p) => /workerd/.test(p.command))).toBe(true);
    expect(new Set(stopped.running.map((p) => p.pgid)).size).toBeGreaterThanOrEqual(2);
    expect(stopped.left.map((p) => `${p.pid} ${p.command}`)).toEqual([]);
    expect(stopped.free).toBe(true);
  });

  it('on libSQL (LIBSQL_URL=file:…, Node): the server is gone and the port is free within 10 seconds', async () => {
    const db = join(mkdtempSync(join(scratch, 'libsql-')), 'laminate.db');
    const started = await startNpm({ LIBSQL_URL: `file:${db}` });
    expect(await (await fetch(`http://127.0.0.1:${started.port}/api/health`)).json()).toMatchObject({
      store: 'libsql',
    });
    const stopped = await stopAndWatch(started);
    expect(stopped.left.map((p) => `${p.pid} ${p.command}`)).toEqual([]);
    expect(stopped.free).toBe(true);
  });

  it("on libSQL, a SIGTERM to npm's pid alone (npm passes it to sh only, which dies without passing it on) still stops the server", async () => {
    const db = join(mkdtempSync(join(scratch, 'libsql-')), 'laminate.db');
    const stopped = await stopAndWatch(await startNpm({ LIBSQL_URL: `file:${db}` }), 'pid');
    expect(stopped.left.map((p) => `${p.pid} ${p.command}`)).toEqual([]);
    expect(stopped.free).toBe(true);
  });
});
