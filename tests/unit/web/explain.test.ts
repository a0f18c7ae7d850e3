import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compileModel, explain, MemoryTupleIndex, parseModel } from '../../../functions/index.ts';
import { explainInWords, type ExplainNode } from '../../../web/src/lib/explain.ts';

const dsl = `model
  schema 1.1
type user
type folder
  relations
    define viewer: [user] or viewer from parent
    define blocked: [user]
    define can_view: viewer but not blocked
    define parent: [folder]
`;

function setup() {
  const parsed = parseModel(dsl);
  if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
  const model = compileModel(parsed.model);
  const index = new MemoryTupleIndex();
  index.add({ object: 'folder:passports', relation: 'viewer', user: 'user:cara' });
  index.add({ object: 'folder:scans', relation: 'parent', user: 'folder:passports' });
  return { model, index };
}

describe('"Why?" in plain words', () => {
  it('R22: an allow names the facts that granted it, in order', () => {
    const { model, index } = setup();
    const result = explain(model, index, { user: 'user:cara', relation: 'can_view', object: 'folder:scans', now: 0 });
    const words = explainInWords(result as { allowed: boolean; root?: ExplainNode }, {
      'user:cara': 'Cara',
      'folder:passports': '/Passports',
      'folder:scans': '/Passports/Scans',
    });
    expect(words.verdict).toMatch(/^Allowed/);
    expect(words.reasons.join(' | ')).toContain('/Passports');
    expect(words.reasons.join(' | ')).toContain('Cara');
  });

  it('R22: a deny says what was missing, and a restriction that held', () => {
    const { model, index } = setup();
    const denied = explainInWords(
      explain(model, index, { user: 'user:dev', relation: 'can_view', object: 'folder:scans', now: 0 }) as never,
    );
    expect(denied.verdict).toMatch(/^Denied/);
    expect(denied.reasons.length).toBeGreaterThan(0);
    index.add({ object: 'folder:scans', relation: 'blocked', user: 'user:cara' });
    const blocked = explainInWords(
      explain(model, index, { user: 'user:cara', relation: 'can_view', object: 'folder:scans', now: 0 }) as never,
      { 'user:cara': 'Cara' },
    );
    expect(blocked.reasons.join(' ')).toMatch(/restriction applies/);
  });

  it('explains a real workspace decision from the demo model without throwing', () => {
    const json = JSON.parse(readFileSync(new URL('../../../model/workspace.model.json', import.meta.url), 'utf8'));
    const model = compileModel(json);
    const index = new MemoryTupleIndex();
    const words = explainInWords(
      explain(model, index, {
        user: 'user:per_gus',
        relation: 'can_view',
        object: 'show_day:day_hamburg',
        context: { current_time: '2026-11-23T12:00:00Z' },
        now: 0,
      }) as never,
    );
    expect(words.verdict).toMatch(/^Denied/);
  });
});
