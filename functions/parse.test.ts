import { describe, expect, it } from 'vitest';
import { parseModel, parseModularModel, validateModel } from './parse.ts';
import { DRIVE } from './test-model.ts';

describe('parse', () => {
  it('accepts a schema 1.1 model as OpenFGA JSON', () => {
    const r = parseModel(DRIVE);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.model.type_definitions.map((t) => t.type)).toEqual(['user', 'group', 'folder', 'doc']);
  });

  it('rejects a broken model with every error and its line and column', () => {
    const r = parseModel(
      'model\n  schema 1.1\ntype user\ntype doc\n  relations\n    define viewer: [usr]\n    define editor: nope\n',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.length).toBeGreaterThanOrEqual(2);
      expect(r.errors.map((e) => e.line)).toEqual(expect.arrayContaining([6, 7]));
      expect(r.errors.every((e) => e.column > 0)).toBe(true);
    }
  });

  it('rejects a condition whose CEL does not compile', () => {
    const r = parseModel(
      'model\n  schema 1.1\ntype user\ntype doc\n  relations\n    define viewer: [user with c]\ncondition c(x: int) {\n  x <\n}\n',
    );
    expect(r.ok).toBe(false);
  });

  it('validates JSON models the same way', () => {
    const ok = parseModel(DRIVE);
    if (!ok.ok) throw new Error('fixture');
    expect(validateModel(JSON.parse(JSON.stringify(ok.model))).ok).toBe(true);
    expect(validateModel({ schema_version: '1.1', type_definitions: 'x' }).ok).toBe(false);
  });

  it('joins a modular model from fga.mod and its modules', () => {
    const r = parseModularModel({
      'fga.mod': 'schema: "1.2"\ncontents:\n  - core.fga\n  - docs.fga\n',
      'core.fga': 'module core\ntype user\ntype group\n  relations\n    define member: [user]\n',
      'docs.fga': 'module docs\ntype doc\n  relations\n    define viewer: [user, group#member]\n',
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.model.type_definitions.map((t) => t.type).sort()).toEqual(['doc', 'group', 'user']);
  });
});
