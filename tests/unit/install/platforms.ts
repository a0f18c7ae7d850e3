/**
 * npm's EBADPLATFORM rule, applied to a package-lock.json for every platform Laminate supports.
 *
 * npm (arborist's buildIdealTree) checks every package that is not optional against the machine it
 * runs on and refuses the whole install when one declares an `os`, `cpu` or `libc` that excludes it.
 * `--os` / `--cpu` only change the check for optional packages (which are then skipped, not fatal),
 * so `npm install --os=darwin --dry-run` on Linux cannot reveal a required linux-only binary: this
 * check reads the lockfile instead. A package is optional when every path to it passes through an
 * optional dependency, which the lockfile records as `optional: true` (also with `dev: true`);
 * `devOptional` alone means some path is a plain devDependency, so it is checked like any other.
 * The list matching is npm-install-checks' `checkList`: `!x` excludes x, `any` allows all.
 */

/** The platforms a clone must install on: macOS, Windows and Linux (glibc), each on x64 and arm64. */
export const SUPPORTED_PLATFORMS: readonly Platform[] = ['darwin', 'win32', 'linux'].flatMap((os) =>
  ['x64', 'arm64'].map((cpu) => ({ os, cpu, libc: os === 'linux' ? 'glibc' : undefined })),
);

export interface Platform {
  os: string;
  cpu: string;
  /** npm reports a libc only on Linux; a package that declares one is refused elsewhere. */
  libc: string | undefined;
}

interface LockEntry {
  optional?: boolean;
  os?: string | string[];
  cpu?: string | string[];
  libc?: string | string[];
  /** version, dev, devOptional, dependencies, ...: not part of the rule. */
  [field: string]: unknown;
}

export interface PackageLock {
  lockfileVersion?: number;
  packages?: Record<string, LockEntry>;
}

export interface Blocker {
  /** The lockfile key, e.g. `node_modules/@cerbos/cerbos-linux-x64`. */
  path: string;
  /** `os-cpu` pairs on which `npm install` fails because of this package. */
  refusedOn: string[];
}

/** npm-install-checks' checkList: no negated entry matches, and a plain entry matches if any. */
function checkList(value: string | undefined, list: string | string[]): boolean {
  const entries = typeof list === 'string' ? [list] : list;
  if (entries.length === 1 && entries[0] === 'any') return true;
  let negated = 0;
  let match = false;
  for (const entry of entries) {
    if (entry.startsWith('!')) {
      negated++;
      if (value === entry.slice(1)) return false;
    } else match ||= value === entry;
  }
  return match || negated === entries.length;
}

/** True when npm would refuse `entry` as a required package on `platform`. */
export function refuses(entry: LockEntry, platform: Platform): boolean {
  if (entry.os && !checkList(platform.os, entry.os)) return true;
  if (entry.cpu && !checkList(platform.cpu, entry.cpu)) return true;
  if (entry.libc && (!platform.libc || !checkList(platform.libc, entry.libc))) return true;
  return false;
}

/** Every required package in `lock` that makes `npm install` fail on one of `platforms`. */
export function platformBlockers(lock: PackageLock, platforms: readonly Platform[] = SUPPORTED_PLATFORMS): Blocker[] {
  if (!lock.packages) throw new Error('not a lockfile v2/v3: no "packages" map');
  const blockers: Blocker[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (entry.optional === true) continue;
    const refusedOn = platforms.filter((p) => refuses(entry, p)).map((p) => `${p.os}-${p.cpu}`);
    if (refusedOn.length > 0) blockers.push({ path: path || '(root)', refusedOn });
  }
  return blockers;
}
