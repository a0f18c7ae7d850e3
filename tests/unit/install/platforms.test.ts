import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type PackageLock, platformBlockers } from './platforms.ts';

const lock = JSON.parse(readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8')) as PackageLock;

/** A small lockfile with one platform binary, as required or optional as `flags` make it. */
function lockWith(
  flags: Record<string, unknown>,
  platform: Record<string, string[]> = { os: ['linux'], cpu: ['x64'] },
) {
  return {
    lockfileVersion: 3,
    packages: {
      '': { name: 'app', devDependencies: { 'peer-linux-x64': '^1.0.0' } },
      'node_modules/left-pad': { version: '1.3.0' },
      'node_modules/peer-linux-x64': { version: '1.0.0', ...platform, ...flags },
    },
  } satisfies PackageLock;
}

describe('installs on macOS, Windows and Linux, x64 and arm64 (npm EBADPLATFORM)', () => {
  it('no required package in package-lock.json excludes any of them', () => {
    const entries = Object.entries(lock.packages ?? {});
    // The lockfile really was read: it holds platform-limited packages, all of them optional but one
    // (libsql, which lists every supported platform).
    expect(entries.filter(([, e]) => e.os || e.cpu).length).toBeGreaterThan(10);
    expect(platformBlockers(lock)).toEqual([]);
  });

  it('a required linux-x64 binary (a plain devDependency) blocks every other platform', () => {
    expect(platformBlockers(lockWith({ dev: true }))).toEqual([
      {
        path: 'node_modules/peer-linux-x64',
        refusedOn: ['darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64', 'linux-arm64'],
      },
    ]);
    expect(platformBlockers(lockWith({}))).toHaveLength(1);
  });

  it('the same binary as an optional dependency (or an optional one of a dev one) blocks nothing', () => {
    expect(platformBlockers(lockWith({ optional: true }))).toEqual([]);
    expect(platformBlockers(lockWith({ dev: true, optional: true }))).toEqual([]);
  });

  it('devOptional alone is required: some path to it is a plain devDependency', () => {
    expect(platformBlockers(lockWith({ devOptional: true }))).toHaveLength(1);
  });

  it("follows npm's lists: negations, `any`, and libc (refused where npm reports none)", () => {
    expect(platformBlockers(lockWith({}, { os: ['!win32'] }))[0]?.refusedOn).toEqual(['win32-x64', 'win32-arm64']);
    expect(platformBlockers(lockWith({}, { os: ['any'], cpu: ['x64', 'arm64'] }))).toEqual([]);
    expect(platformBlockers(lockWith({}, { cpu: ['x64', 'arm64', 'wasm32'] }))).toEqual([]);
    expect(platformBlockers(lockWith({}, { libc: ['glibc'] }))[0]?.refusedOn).toEqual([
      'darwin-x64',
      'darwin-arm64',
      'win32-x64',
      'win32-arm64',
    ]);
  });
});
