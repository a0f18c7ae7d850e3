import { describe, expect, it } from 'vitest';
import { compileModel } from './compile.ts';
import { neighbourhoodPlan, neighbourhoodSeeds } from './neighbourhood.ts';
import { parseModel } from './parse.ts';
import { driveFixture } from './test-model.ts';

function compiled(dsl: string) {
  const parsed = parseModel(dsl);
  if (!parsed.ok) throw new Error(parsed.errors[0]?.message);
  return compileModel(parsed.model);
}

describe('neighbourhood plan', () => {
  it('R8: the drive model follows groups upward, folders as tuplesets, and lists down through groups and folders', () => {
    expect(neighbourhoodPlan(driveFixture().model)).toEqual({
      upward: [
        ['group', ''],
        ['group', 'member'],
      ],
      tuplesets: [
        ['folder', 'parent'],
        ['doc', 'parent'],
      ],
      downward: [
        ['group', 'member'],
        ['folder', ''],
      ],
    });
  });

  it('R8: upward types close over their tuplesets (a group inside an org)', () => {
    const model = compiled(`model
  schema 1.1
type user
type org
  relations
    define member: [user]
type team
  relations
    define org: [org]
    define member: [user] or member from org
type doc
  relations
    define viewer: [team#member]`);
    expect(neighbourhoodPlan(model)?.upward.map(([t]) => t)).toEqual(['org', 'org', 'team', 'team', 'team']);
  });

  it('R8: refused when a userset restriction carries a condition', () => {
    const model = compiled(`model
  schema 1.1
type user
type group
  relations
    define member: [user]
type doc
  relations
    define viewer: [group#member with open]
condition open(x: int) {
  x > 1
}`);
    expect(neighbourhoodPlan(model)).toBeUndefined();
  });

  it('R8: seeds add the wildcard of a plain user, not of a userset', () => {
    expect(
      neighbourhoodSeeds([
        { object: 'doc:1', user: 'user:ana' },
        { object: 'doc:2', user: 'group:crew#member' },
      ]),
    ).toEqual({
      users: [
        ['user', 'ana', ''],
        ['user', '*', ''],
        ['group', 'crew', 'member'],
      ],
      objects: [
        ['doc', '1'],
        ['doc', '2'],
      ],
    });
  });
});
