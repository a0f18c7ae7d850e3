import { describe, expect, it } from 'vitest';
import { listObjects } from './list-objects.ts';
import { driveFixture, NOW } from './test-model.ts';

const { model, index } = driveFixture([
  { object: 'doc:a', relation: 'parent', user: 'folder:root' },
  { object: 'doc:b', relation: 'parent', user: 'folder:root' },
  { object: 'doc:c', relation: 'parent', user: 'folder:sub' },
]);

describe('list objects', () => {
  it('walks up through nested groups and down through folders', () => {
    expect(listObjects(model, index, { user: 'user:anne', relation: 'viewer', type: 'doc', now: NOW }).objects).toEqual(
      ['doc:a', 'doc:b', 'doc:c', 'doc:open', 'doc:plan'],
    );
  });

  it('leaves out objects an exclusion removes (the public one stays)', () => {
    const f = driveFixture([{ object: 'group:eng', relation: 'member', user: 'user:carl' }]);
    expect(
      listObjects(f.model, f.index, { user: 'user:carl', relation: 'viewer', type: 'doc', now: NOW }).objects,
    ).toEqual(['doc:open']);
  });

  it('pages by an opaque cursor and never drops or repeats an object', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = listObjects(model, index, {
        user: 'user:anne',
        relation: 'viewer',
        type: 'doc',
        now: NOW,
        pageSize: 3,
        cursor,
      });
      seen.push(...page.objects);
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(['doc:a', 'doc:b', 'doc:c', 'doc:open', 'doc:plan']);
  });

  it.each([
    ['an unknown type', { type: 'nope', relation: 'viewer' }, 2021],
    ['an unknown relation', { type: 'doc', relation: 'nope' }, 2022],
    ['a bad cursor', { type: 'doc', relation: 'viewer', cursor: '!!' }, 2007],
  ])('rejects %s', (_, req, code) => {
    expect(listObjects(model, index, { user: 'user:anne', now: NOW, ...req }).error?.code).toBe(code);
  });
});
