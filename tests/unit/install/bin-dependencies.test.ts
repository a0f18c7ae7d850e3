import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importGraph, isNodeBuiltin, packageName } from './import-graph.ts';
import { tempDir } from '../../temp-dir.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  dependencies: Record<string, string>;
};

/** Bare imports of the graph from `entries` that `npm install --omit=dev` would not install. */
function missingAfterOmitDev(entries: string[]): string[] {
  const { bare } = importGraph(entries);
  return [...bare]
    .filter(([specifier]) => !isNodeBuiltin(specifier) && !(packageName(specifier) in pkg.dependencies))
    .map(([specifier, from]) => `${specifier} (imported by ${from.map((f) => relative(root, f)).join(', ')})`);
}

describe('bin/laminate works after `npm install --omit=dev`', () => {
  it('every bare import reachable from bin/ is a dependency or a node: builtin', () => {
    const entries = [
      ...Object.values(pkg.bin).map((b) => join(root, b)),
      ...readdirSync(join(root, 'bin')).map((f) => join(root, 'bin', f)),
    ];
    const graph = importGraph(entries);
    // The walk really went through the CLI into the engine, and saw its runtime packages.
    expect(graph.files.map((f) => relative(root, f))).toEqual(
      expect.arrayContaining(['bin/laminate.js', 'bin/laminate.ts', 'bin/store-test.ts', 'functions/index.ts']),
    );
    expect([...graph.bare.keys()]).toEqual(expect.arrayContaining(['tsx/esm/api', 'yaml']));
    expect(missingAfterOmitDev(entries)).toEqual([]);
  });

  it('a devDependency imported two files deep (even through import()) is found; import type is not', () => {
    const dir = tempDir('laminate-bin-graph-');
    writeFileSync(join(dir, 'cli.js'), "import 'node:fs';\nawait import('./main.ts');\n");
    writeFileSync(join(dir, 'main.ts'), "export * from './lib.ts';\nimport type { Foo } from 'typescript';\n");
    writeFileSync(join(dir, 'lib.ts'), "import { expect } from 'vitest';\nimport { parse } from 'yaml';\n");
    expect(missingAfterOmitDev([join(dir, 'cli.js')]).map((m) => m.split(' ')[0])).toEqual(['vitest']);
  });
});
