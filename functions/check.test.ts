import { describe, expect, it } from 'vitest';
import { batchCheck, check } from './check.ts';
import { driveFixture, NOW } from './test-model.ts';

const { model, index } = driveFixture();
const ask = (user: string, relation: string, object: string, extra = {}) =>
  check(model, index, { user, relation, object, now: NOW, ...extra });

describe('check', () => {
  it.each([
    ['nested group membership reaches a folder grant and its subfolders', 'user:anne', 'editor', 'folder:sub', true],
    ['viewer includes editor through the parent chain', 'user:anne', 'viewer', 'doc:plan', true],
    ['owner of a subfolder views its documents', 'user:bob', 'viewer', 'doc:plan', true],
    ['owner does not edit the parent folder', 'user:bob', 'editor', 'folder:root', false],
    ['a public folder is visible to anyone through the wildcard', 'user:zoe', 'viewer', 'doc:open', true],
    ['default deny: unknown objects grant nothing', 'user:anne', 'viewer', 'doc:missing', false],
    ['a userset is a member of itself', 'group:eng#member', 'member', 'group:eng', true],
  ])('%s', (_, user, relation, object, allowed) => {
    expect(ask(user, relation, object)).toEqual({ allowed });
  });

  it('but not removes a blocked user who would otherwise view', () => {
    const withCarl = driveFixture([{ object: 'group:eng', relation: 'member', user: 'user:carl' }]);
    expect(
      check(withCarl.model, withCarl.index, { user: 'user:carl', relation: 'viewer', object: 'doc:plan', now: NOW })
        .allowed,
    ).toBe(false);
    expect(
      check(withCarl.model, withCarl.index, { user: 'user:carl', relation: 'viewer', object: 'folder:sub', now: NOW })
        .allowed,
    ).toBe(true);
  });

  it('an expired grant stops counting at its expiry, by the clock passed in', () => {
    const f = driveFixture([{ object: 'folder:x', relation: 'viewer', user: 'user:dan', expiresAt: NOW + 1000 }]);
    expect(
      check(f.model, f.index, { user: 'user:dan', relation: 'viewer', object: 'folder:x', now: NOW }).allowed,
    ).toBe(true);
    expect(
      check(f.model, f.index, { user: 'user:dan', relation: 'viewer', object: 'folder:x', now: NOW + 1000 }).allowed,
    ).toBe(false);
  });

  it('a conditional grant holds only while its condition does, and reports missing context', () => {
    const f = driveFixture([
      {
        object: 'folder:x',
        relation: 'viewer',
        user: 'user:eve',
        condition: { name: 'before', context: { until: '2025-06-01T00:00:00Z' } },
      },
    ]);
    const q = { user: 'user:eve', relation: 'viewer', object: 'folder:x', now: NOW };
    expect(check(f.model, f.index, { ...q, context: { now: '2025-01-01T00:00:00Z' } }).allowed).toBe(true);
    expect(check(f.model, f.index, { ...q, context: { now: '2025-07-01T00:00:00Z' } }).allowed).toBe(false);
    expect(check(f.model, f.index, q).error?.code).toBe(2000);
  });

  it('contextual tuples count for one request only', () => {
    const ct = [{ object: 'folder:y', relation: 'viewer', user: 'user:fay' }];
    expect(ask('user:fay', 'viewer', 'folder:y', { contextualTuples: ct }).allowed).toBe(true);
    expect(ask('user:fay', 'viewer', 'folder:y').allowed).toBe(false);
  });

  it.each([
    ['an unknown relation', 'user:anne', 'nope', 'doc:plan', 2000],
    ['a malformed user', 'a:b:c', 'viewer', 'doc:plan', 2000],
    ['a user type the model lacks', 'robot:r2', 'viewer', 'doc:plan', 2000],
  ])('rejects %s as a reported deny', (_, user, relation, object, code) => {
    const r = ask(user, relation, object);
    expect(r.allowed).toBe(false);
    expect(r.error?.code).toBe(code);
  });

  it('rejects a contextual tuple the model does not allow with 2027', () => {
    expect(
      ask('user:anne', 'viewer', 'doc:plan', {
        contextualTuples: [{ object: 'doc:plan', relation: 'viewer', user: 'group:eng#member' }],
      }).error?.code,
    ).toBe(2027);
  });

  it('batch check answers each item, with correlation ids', () => {
    const r = batchCheck(model, index, {
      now: NOW,
      checks: [
        { user: 'user:anne', relation: 'viewer', object: 'doc:plan', correlationId: 'a' },
        { user: 'user:bob', relation: 'editor', object: 'folder:root', correlationId: 'b' },
      ],
    });
    expect(r.results).toEqual([
      { allowed: true, correlationId: 'a' },
      { allowed: false, correlationId: 'b' },
    ]);
  });
});
