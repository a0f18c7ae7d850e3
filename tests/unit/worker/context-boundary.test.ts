/**
 * Issue 14, acceptance 4: the Hono `Context` stays at the door. Only route handlers
 * (worker/routes/), middleware (worker/middleware/) and the composition root (worker/app.ts,
 * index.ts, node.ts) take one; everything below them takes the values it uses (store, workspace
 * id, person, authorizer, clock).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const DOOR = [/^worker\/routes\//, /^worker\/middleware\//, /^worker\/(app|index|node)\.ts$/];
/** Hono's types for a request's context and what handles one. */
const CONTEXT_TYPES = new Set(['Context', 'MiddlewareHandler', 'Handler', 'Next', 'HonoRequest']);

function workerFiles(dir = join(root, 'worker')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return workerFiles(path);
    return entry.name.endsWith('.ts') ? [relative(root, path)] : [];
  });
}

/** Why `source` takes a Hono Context: the hono types it imports, and what it does with a `c`. */
function contextUses(name: string, source: string): string[] {
  const found: string[] = [];
  const file = ts.createSourceFile(name, source, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const from = node.moduleSpecifier.text;
      const named = node.importClause?.namedBindings;
      if ((from === 'hono' || from.startsWith('hono/')) && named && ts.isNamedImports(named))
        for (const el of named.elements)
          if (CONTEXT_TYPES.has((el.propertyName ?? el.name).text))
            found.push(`imports ${el.name.text} from '${from}'`);
    }
    // a parameter or variable whose type names a Context (however it got here)
    if (ts.isTypeReferenceNode(node) && /(^|\.)Context$/.test(node.typeName.getText(file)))
      found.push(`takes a ${node.getText(file)}`);
    // a context passed through untyped: `c as never`, `c.get(…)`, `c.req…`, `c.env…`
    if (ts.isAsExpression(node) && node.expression.getText(file) === 'c') found.push(`casts c: ${node.getText(file)}`);
    if (
      ts.isPropertyAccessExpression(node) &&
      node.expression.getText(file) === 'c' &&
      ['get', 'set', 'req', 'env', 'json', 'header', 'res', 'var'].includes(node.name.text)
    )
      found.push(`reads c.${node.name.text}`);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return [...new Set(found)];
}

describe('issue 14: the Hono Context stays at the door', () => {
  it('no file outside worker/routes/, worker/middleware/ and the composition root takes a Context', () => {
    const below = workerFiles().filter((f) => !DOOR.some((door) => door.test(f)));
    expect(below).toEqual(expect.arrayContaining(['worker/authz/load.ts', 'worker/files/drive.ts']));
    const offenders = Object.fromEntries(
      below.flatMap((f) => {
        const uses = contextUses(f, readFileSync(join(root, f), 'utf8'));
        return uses.length ? [[f, uses]] : [];
      }),
    );
    expect(offenders).toEqual({});
  });

  it('the check sees a Context however it arrives (imported type, untyped `c`, cast)', () => {
    expect(contextUses('a.ts', "import type { Context } from 'hono';\nexport const f = (c: Context) => 1;")).toEqual([
      "imports Context from 'hono'",
      'takes a Context',
    ]);
    expect(contextUses('b.ts', "import type { MiddlewareHandler as M } from 'hono';")).toEqual([
      "imports M from 'hono'",
    ]);
    expect(contextUses('c.ts', "export const f = (c: any) => c.get('store');")).toEqual(['reads c.get']);
    expect(contextUses('d.ts', 'export const f = (c: unknown) => g(c as never);')).toEqual(['casts c: c as never']);
    // values are fine: a store, a clock, a header's value
    expect(contextUses('e.ts', 'export const f = (store: Store, now: number, ifMatch?: string) => now;')).toEqual([]);
  });
});
