import { describe, expect, it } from 'vitest';
import { aliasResultColumns } from '../../../db/batch-columns.ts';

describe('D1 batch column names (db/batch-columns.ts)', () => {
  it('issue 17: every top-level result column of a joined select gets a unique name, positions kept', () => {
    const sql =
      'select "people"."id", "workspaces"."id", (SELECT model FROM authz_models WHERE id = (SELECT id FROM x, y LIMIT 1)) as "m", \'a, b\' from "people" left join "workspaces" on 1 where "x" = ?';
    expect(aliasResultColumns(sql)).toBe(
      'select "people"."id" as "c0", "workspaces"."id" as "c1", (SELECT model FROM authz_models WHERE id = (SELECT id FROM x, y LIMIT 1)) as "c2", \'a, b\' as "c3" from "people" left join "workspaces" on 1 where "x" = ?',
    );
  });

  it('issue 17: statements that are not a plain select are left alone', () => {
    for (const sql of [
      'insert into "t" values (?)',
      'WITH RECURSIVE a AS (SELECT 1) SELECT * FROM a',
      'delete from "t"',
    ])
      expect(aliasResultColumns(sql)).toBe(sql);
    expect(aliasResultColumns('select * from "t"')).toBe('select * from "t"');
  });
});
