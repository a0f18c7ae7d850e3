import { describe, expect, it } from 'vitest';
import { expand } from './expand.ts';
import { driveFixture, NOW } from './test-model.ts';

const { model, index } = driveFixture();

describe('expand', () => {
  it('returns one level of the userset tree in OpenFGA shape', () => {
    expect(expand(model, index, { object: 'folder:sub', relation: 'editor', now: NOW }).tree).toEqual({
      root: {
        name: 'folder:sub#editor',
        union: {
          nodes: [
            { name: 'folder:sub#editor', leaf: { users: { users: [] } } },
            { name: 'folder:sub#editor', leaf: { computed: { userset: 'folder:sub#owner' } } },
            {
              name: 'folder:sub#editor',
              leaf: {
                tupleToUserset: { tupleset: 'folder:sub#parent', computed: [{ userset: 'folder:root#editor' }] },
              },
            },
          ],
        },
      },
    });
  });

  it('lists direct users, usersets included', () => {
    expect(expand(model, index, { object: 'group:all', relation: 'member', now: NOW }).tree?.root.leaf).toEqual({
      users: { users: ['group:eng#member'] },
    });
  });
});
