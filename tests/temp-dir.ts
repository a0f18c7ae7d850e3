/**
 * Temp folders the tests make (libSQL `file:` databases, file stores, logs), removed when done:
 * the OS temp dir is not emptied for us, and a run made about a hundred of them.
 *
 * `tempDir(prefix)` made while a file's tests are collected (its top level, a `describe`) is
 * removed after that file's tests (`afterAll`); made inside a test, when that test ends
 * (`onTestFinished`). A hook registered from a `beforeAll` never runs, so code there makes its
 * folder with `mkdtempSync` and removes it in its own `afterAll` (`removeTempDir`).
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

/**
 * A fresh folder `<os temp dir>/<prefix>XXXXXX`, removed when the test or the file is done;
 * `before`, if given, runs just before it goes (e.g. to stop pointing at it).
 */
export function tempDir(prefix: string, before?: () => void): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => {
    before?.();
    return removeTempDir(dir);
  };
  try {
    onTestFinished(remove);
  } catch {
    // not inside a test: the file (or describe) is being collected
    afterAll(remove);
  }
  return dir;
}

/** Removes a folder and all in it; nothing if it is gone already. */
export function removeTempDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true, maxRetries: 5 });
}
