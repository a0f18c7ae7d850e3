/**
 * `npm run bench -- --smoke` inside `npm test`, so no bench section can rot unseen again (the
 * workspace section once crashed on a stale schema list and the D1 columns on a missing UI
 * build, and nothing noticed): every section runs at a tiny scale — its servers started, its
 * questions answered, its table printed — and the run exits 0. The output is kept in
 * tests/artifacts/bench-smoke.txt.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SECTIONS } from '../bench/sections/index.ts';
import { tree } from './processes.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let bench: number | undefined;

// Whatever happens, nothing the run started outlives the test (its servers run in groups of their own).
afterAll(() => {
  if (bench === undefined) return;
  for (const group of new Set(tree(bench).map((p) => p.pgid)).add(bench)) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

/** The lines from `== <name>:` to the next section's header (or the closing summary). */
function sectionOutput(output: string, name: string): string {
  const start = output.indexOf(`\n== ${name}:`);
  if (start < 0) return '';
  const rest = output.slice(start + 1);
  const end = rest.search(/\n(== |✓ section |✗ section )/);
  return end < 0 ? rest : rest.slice(0, end);
}

describe('the bench smoke run', () => {
  it('runs every section of `npm run bench` at a tiny scale; each prints its table; the run exits 0', async () => {
    // The entry `npm run bench` runs, started with --expose-gc so it need not start itself again.
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'tests/bench/run.ts', '--smoke'], {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bench = child.pid;
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => void (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    mkdirSync(join(ROOT, 'tests/artifacts'), { recursive: true });
    writeFileSync(join(ROOT, 'tests/artifacts/bench-smoke.txt'), output);

    expect(SECTIONS.map((s) => s.name)).toEqual(expect.arrayContaining(['engine', 'workspace', 'http', 'load']));
    for (const { name } of SECTIONS) {
      const part = sectionOutput(output, name);
      expect(part, `section ${name} did not run`).not.toBe('');
      // Every table's header row ends in a `target` column.
      expect(part, `section ${name} printed no table`).toMatch(/^ +\S.* {2}target$/m);
      expect(output).toContain(`✓ section ${name}: table printed, 0 problems`);
    }
    expect(output).not.toContain('✗ section');
    expect(code, output.slice(-3000)).toBe(0);
  }, 600_000);
});
