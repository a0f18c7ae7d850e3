import { describe, expect, it } from 'vitest';
import { listUsers } from './list-users.ts';
import { driveFixture, NOW } from './test-model.ts';

const { model, index } = driveFixture();

describe('list users', () => {
  it('finds users through nested groups and owners down the folder chain', () => {
    const r = listUsers(model, index, {
      object: 'doc:plan',
      relation: 'viewer',
      userFilters: [{ type: 'user' }],
      now: NOW,
    });
    expect(r.users).toEqual([{ object: { type: 'user', id: 'anne' } }, { object: { type: 'user', id: 'bob' } }]);
  });

  it('returns usersets for a userset filter and the wildcard for public grants', () => {
    expect(
      listUsers(model, index, {
        object: 'folder:sub',
        relation: 'editor',
        userFilters: [{ type: 'group', relation: 'member' }],
        now: NOW,
      }).users,
    ).toEqual([
      { userset: { type: 'group', id: 'all', relation: 'member' } },
      { userset: { type: 'group', id: 'eng', relation: 'member' } },
    ]);
    expect(
      listUsers(model, index, { object: 'doc:open', relation: 'viewer', userFilters: [{ type: 'user' }], now: NOW })
        .users,
    ).toEqual([{ wildcard: { type: 'user' } }]);
  });

  it('rejects unknown filter types (2021) and relations (2022)', () => {
    expect(
      listUsers(model, index, { object: 'doc:plan', relation: 'viewer', userFilters: [{ type: 'robot' }], now: NOW })
        .error?.code,
    ).toBe(2021);
    expect(
      listUsers(model, index, {
        object: 'doc:plan',
        relation: 'viewer',
        userFilters: [{ type: 'group', relation: 'x' }],
        now: NOW,
      }).error?.code,
    ).toBe(2022);
  });
});
