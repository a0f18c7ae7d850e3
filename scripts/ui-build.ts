/**
 * `wrangler dev` serves web/build as the Worker's static assets (wrangler.toml `[assets]`) and
 * exits at once when the folder is missing, as it is in a fresh clone until the UI is built.
 * Whatever starts `wrangler dev` on its own (the e2e server, the bench) calls this first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Builds the UI into web/build unless it is there (its index.html); returns whether it built. */
export function ensureUiBuilt(log: (line: string) => void = console.log): boolean {
  if (existsSync(join(ROOT, 'web/build/index.html'))) return false;
  log('web/build is missing: building the UI (wrangler dev serves it as its assets)');
  const result = spawnSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: join(ROOT, 'web'),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`the UI build failed (vite build exited ${result.status})`);
  return true;
}
