/**
 * The static import graph of a program, as Node (through tsx) loads it: every file reachable from
 * an entry by `import`, `export ... from` and `import('literal')`, and every bare specifier those
 * files import. `import type` / `export type` are left out: they are erased before anything runs.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

export interface ImportGraph {
  /** Absolute paths of the files reached, the entries included. */
  files: string[];
  /** Bare specifier → the files importing it. */
  bare: Map<string, string[]>;
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** True for `node:fs`, `fs`, `fs/promises`: nothing to install. */
export function isNodeBuiltin(specifier: string): boolean {
  return isBuiltin(specifier);
}

function specifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.importClause?.isTypeOnly) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.isTypeOnly) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function resolveRelative(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}/index.ts`, `${base}/index.js`];
  const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  if (!hit) throw new Error(`${from}: cannot resolve ${specifier}`);
  return hit;
}

/** Walks the graph from `entries` (absolute paths). JSON and other non-code files are leaves. */
export function importGraph(entries: string[]): ImportGraph {
  const files = new Set<string>();
  const bare = new Map<string, string[]>();
  const queue = [...entries];
  for (let file = queue.shift(); file; file = queue.shift()) {
    if (files.has(file)) continue;
    files.add(file);
    if (!/\.[cm]?[jt]sx?$/.test(file)) continue;
    for (const specifier of specifiers(file)) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) queue.push(resolveRelative(file, specifier));
      else bare.set(specifier, [...(bare.get(specifier) ?? []), file]);
    }
  }
  return { files: [...files], bare };
}
