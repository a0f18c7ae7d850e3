/**
 * The bench's temporary folders (stores of up to a million tuples, D1 state, server logs): made
 * here and removed when the bench process exits — a 1M run used to leave ~1.3 GB behind each
 * time. A run that failed keeps them (and says where) so that a server's log can be read;
 * `LAMINATE_BENCH_KEEP=1` keeps them always.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];
let hooked = false;

/** A new folder in the OS temp dir, `<prefix><random>`, removed when the bench exits. */
export function benchTemp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  if (!hooked) {
    hooked = true;
    process.on('exit', (code) => removeBenchTemp(code));
  }
  return dir;
}

/** Removes every folder `benchTemp` made (kept when `code` is non-zero or LAMINATE_BENCH_KEEP=1). */
export function removeBenchTemp(code = 0): void {
  if (code !== 0 || process.env.LAMINATE_BENCH_KEEP === '1') {
    if (made.length > 0) console.error(`bench: temporary folders kept: ${made.join(' ')}`);
    return;
  }
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
