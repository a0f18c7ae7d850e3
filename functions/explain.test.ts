import { describe, expect, it } from 'vitest';
import { explain } from './explain.ts';
import { driveFixture, NOW } from './test-model.ts';
import type { ExplainNode } from './types.ts';

const { model, index } = driveFixture();

/** Every tuple named anywhere in an explanation, in order. */
function tuples(n: ExplainNode | undefined): string[] {
  if (!n) return [];
  switch (n.kind) {
    case 'relation':
      return tuples(n.rule);
    case 'computed':
      return tuples(n.via);
    case 'direct':
      return n.tuples.flatMap((t) => [`${t.tuple.object}#${t.tuple.relation}@${t.tuple.user}`, ...tuples(t.next)]);
    case 'tuple_to_userset':
      return n.parents.flatMap((t) => [`${t.tuple.object}#${t.tuple.relation}@${t.tuple.user}`, ...tuples(t.next)]);
    case 'union':
    case 'intersection':
      return n.children.flatMap(tuples);
    case 'exclusion':
      return [...tuples(n.base), ...tuples(n.subtract)];
  }
}

describe('explain', () => {
  it('an allow carries the chain of tuples that granted it', () => {
    const e = explain(model, index, { user: 'user:anne', relation: 'viewer', object: 'doc:plan', now: NOW });
    expect(e.allowed).toBe(true);
    expect(tuples(e.root)).toEqual([
      'doc:plan#parent@folder:sub',
      'folder:sub#parent@folder:root',
      'folder:root#editor@group:all#member',
      'group:all#member@group:eng#member',
      'group:eng#member@user:anne',
    ]);
  });

  it('a deny by exclusion shows the subtracted grant', () => {
    const f = driveFixture([{ object: 'group:eng', relation: 'member', user: 'user:carl' }]);
    const e = explain(f.model, f.index, { user: 'user:carl', relation: 'viewer', object: 'doc:plan', now: NOW });
    expect(e.allowed).toBe(false);
    expect(e.root?.kind === 'relation' && e.root.rule.kind).toBe('exclusion');
    expect(tuples(e.root)).toContain('doc:plan#blocked@user:carl');
  });

  it('a deny says what each rule lacked', () => {
    const e = explain(model, index, { user: 'user:zed', relation: 'editor', object: 'folder:root', now: NOW });
    expect(e.allowed).toBe(false);
    expect(JSON.stringify(e.root)).toContain('lacked');
  });
});
