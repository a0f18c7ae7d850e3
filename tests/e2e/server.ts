/**
 * Starts the real stack for end-to-end tests: migrations and the demo seed into a fresh local
 * D1 folder, then `wrangler dev` on 127.0.0.1 in its own process group, stopped as a group.
 * Everything it writes — state, log, and what wrangler and workerd put in the temp dir (their
 * TMPDIR is a folder inside) — is in one temp folder, which `dispose()` removes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedLocal } from '../../scripts/seed.ts';
import { ensureUiBuilt } from '../../scripts/ui-build.ts';

export type RunningServer = {
  url: string;
  /** Stops the process group (SIGTERM, SIGKILL after 300 ms); its folder stays (read it, restart from it). */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
  /**
   * Stops it and removes its folder, once its processes are gone: its state too, unless that was
   * given (`options.persist`: the caller's to remove).
   */
  dispose: () => Promise<void>;
  logFile: string;
  adminKey: string;
  persist: string;
};

/** The operator key the e2e server runs with, so tests can act as an external system. */
export const E2E_ADMIN_KEY = 'e2e-operator-key-0123456789abcdef';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * @param options.persist an existing state folder to serve again (after a crash); by default a
 *   fresh folder is migrated and seeded.
 */
export async function startDevServer(options: { persist?: string } = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'laminate-e2e-'));
  const persist = options.persist ?? join(dir, 'state');
  // miniflare's own temp folders are removed only when wrangler exits cleanly, not on SIGKILL
  const processTmp = join(dir, 'tmp');
  mkdirSync(processTmp);
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', TMPDIR: processTmp };
  if (!options.persist) {
    const migrate = spawnSync('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist], {
      env,
      encoding: 'utf8',
    });
    if (migrate.status !== 0) throw new Error(`migrations failed: ${migrate.stderr}`);
    await seedLocal({ persistTo: persist });
  }
  ensureUiBuilt();
  const port = await freePort();
  const logFile = join(dir, 'wrangler.log');
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    'wrangler',
    [
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--persist-to',
      persist,
      '--show-interactive-dev-session=false',
      '--var',
      `LAMINATE_ADMIN_KEY:${E2E_ADMIN_KEY}`,
      '--var',
      'LAMINATE_VALIDATE_RESPONSES:1',
      // the bench's --rtt N (run.ts puts it in the environment)
      ...(process.env.LAMINATE_DB_DELAY_MS
        ? ['--var', `LAMINATE_DB_DELAY_MS:${process.env.LAMINATE_DB_DELAY_MS}`]
        : []),
      '--var',
      'ALLOW_SIGN_UP:true',
    ],
    {
      env,
      detached: true,
      stdio: ['ignore', log, log],
    },
  );
  const url = `http://localhost:${port}`;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group is gone
    }
  };
  const groupIsGone = () => {
    try {
      process.kill(-child.pid!, 0);
      return false;
    } catch {
      return true;
    }
  };
  const dispose = async () => {
    await stop();
    for (let waited = 0; !groupIsGone() && waited < 10_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early; see ${logFile}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return { url, stop, dispose, logFile, adminKey: E2E_ADMIN_KEY, persist };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not answer within 90 s; see ${logFile}`);
}
