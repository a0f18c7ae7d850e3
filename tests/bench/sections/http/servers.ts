/**
 * The servers the HTTP section starts, each in its own process group on 127.0.0.1 only, and
 * stopped as a group (also when the bench exits on an error: see `stopAllOnExit`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../e2e/server.ts';
import { ensureUiBuilt } from '../../../../scripts/ui-build.ts';
import { cerbosInstalled, NOT_INSTALLED } from '../../peers/installed.ts';
import { benchTemp } from '../../lib/temp.ts';

export const ADMIN_KEY = 'bench-http-operator-key-0123456789';
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface Server {
  url: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let hooked = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

function stopAllOnExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const child of running) killGroup(child, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      for (const child of running) killGroup(child, 'SIGKILL');
      process.exit(130);
    });
  }
}

/** Spawns `command` detached (its own group), waits until `ready(url)` is true or the time is up. */
async function start(
  name: string,
  command: string,
  args: string[],
  url: string,
  ready: () => Promise<boolean>,
  env: NodeJS.ProcessEnv = {},
  seconds = 90,
): Promise<Server> {
  stopAllOnExit();
  const logFile = join(benchTemp(`laminate-bench-${name}-`), `${name}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', ...env },
    detached: true,
    stdio: ['ignore', log, log],
  });
  running.add(child);
  const stop = async () => {
    killGroup(child, 'SIGTERM');
    const exited =
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
    killGroup(child, 'SIGKILL');
    running.delete(child);
  };
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      running.delete(child);
      throw new Error(`${name} exited early (${child.exitCode}): ${readFileSync(logFile, 'utf8').slice(-600)}`);
    }
    try {
      if (await ready()) return { url, pid: child.pid!, logFile, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`${name} did not answer within ${seconds} s; see ${logFile}`);
}

const healthy = (url: string) => async () => (await fetch(url)).ok;

/** `wrangler dev` (workerd + local D1) over a persisted state folder; default vars otherwise. */
export async function startWranglerDev(persist: string): Promise<Server> {
  ensureUiBuilt();
  const port = await freePort();
  const inspector = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-ip',
    '127.0.0.1',
    '--inspector-port',
    String(inspector),
    '--persist-to',
    persist,
    '--show-interactive-dev-session=false',
    '--var',
    `LAMINATE_ADMIN_KEY:${ADMIN_KEY}`,
    // --rtt N (run.ts): the Node server inherits the environment, wrangler dev needs a var
    ...(process.env.LAMINATE_DB_DELAY_MS ? ['--var', `LAMINATE_DB_DELAY_MS:${process.env.LAMINATE_DB_DELAY_MS}`] : []),
  ];
  return start('wrangler', join(ROOT, 'node_modules/.bin/wrangler'), args, url, healthy(`${url}/api/health`));
}

/**
 * Laminate on Node (worker/node.ts) over a libSQL file, in a child process; `filesDir` holds its
 * blobs (the persisted compact snapshots), so a restart over the same folder starts cold but
 * finds them.
 */
export async function startNodeLibsql(file: string, filesDir: string): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = ['--import', 'tsx', fileURLToPath(new URL('./libsql-server.ts', import.meta.url)), file, String(port)];
  return start('libsql', process.execPath, args, url, healthy(`${url}/api/health`), {
    LAMINATE_ADMIN_KEY: ADMIN_KEY,
    LAMINATE_FILES_DIR: filesDir,
  });
}

/** The Cerbos PDP binary with the bench's config and policies; HTTP, gRPC and gops on loopback. */
export async function startCerbos(): Promise<Server> {
  const [http, grpc, debug] = [await freePort(), await freePort(), await freePort()];
  const binary = cerbosInstalled()?.path;
  if (!binary) throw new Error(`Cerbos: ${NOT_INSTALLED}`);
  const url = `http://127.0.0.1:${http}`;
  const args = [
    'server',
    '--config=tests/bench/peers/cerbos/config.yaml',
    `--set=server.httpListenAddr=127.0.0.1:${http}`,
    `--set=server.grpcListenAddr=127.0.0.1:${grpc}`,
    `--debug-listen-addr=127.0.0.1:${debug}`,
    '--log-level=warn',
  ];
  return start('cerbos', binary, args, url, healthy(`${url}/_cerbos/health`), {}, 30);
}
