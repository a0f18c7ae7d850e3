import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
/** Generated, installed or built: not source. */
const SKIP = new Set(['node_modules', '.git', '.svelte-kit', '.wrangler', 'build', 'artifacts', '.laminate']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : sourceFiles(path);
    return /\.(m|c)?ts$|\.svelte$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The files a tsconfig's include / exclude select (its `extends` need not resolve for that). */
function selected(config: string): Set<string> {
  const file = join(root, config);
  const { config: json } = ts.readConfigFile(file, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(json, ts.sys, join(file, '..'), undefined, file, undefined, [
    { extension: '.svelte', isMixedContent: true, scriptKind: ts.ScriptKind.Deferred },
  ]);
  return new Set(parsed.fileNames.map((f) => relative(root, f)));
}

describe('static checks cover every folder', () => {
  it('every TypeScript and Svelte file is type-checked: by tsc (tsconfig.json) or svelte-check (web/)', () => {
    const tsc = selected('tsconfig.json');
    const svelteCheck = selected('web/tsconfig.check.json');
    const files = sourceFiles(root).map((f) => relative(root, f));
    expect(files).toEqual(
      expect.arrayContaining(['model/roles.ts', 'web/src/lib/RecordList.svelte', 'vitest.config.ts']),
    );
    expect(files.filter((f) => !tsc.has(f) && !svelteCheck.has(f))).toEqual([]);
  });
});
