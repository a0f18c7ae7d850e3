/**
 * A seeded store as one SQL script, for loading large stores fast where bound parameters do not
 * apply: `wrangler d1 execute DB --local --file seed.sql` (D1 under `wrangler dev`) or libSQL's
 * `executeMultiple`. Same rows the API would write: the store at revision 1, its model, the
 * tuples and their change-log rows. Values are SQL literals (quotes doubled), never bound.
 *
 * @example const { storeId, sql } = seedStoreSql({ name: 'bench', model, tuples }); writeFileSync('seed.sql', sql);
 */
import type { AuthorizationModel, TupleKey } from '../../functions/index.ts';
import { toColumns } from './codec.ts';
import { ulid } from './ids.ts';

const ROWS_PER_INSERT = 500;

function literal(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return String(value);
  return `'${value.replaceAll("'", "''")}'`;
}

function inserts(table: string, columns: string[], rows: (string | number | null | undefined)[][]): string[] {
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const values = rows.slice(i, i + ROWS_PER_INSERT).map((r) => `(${r.map(literal).join(', ')})`);
    out.push(`INSERT INTO ${table} (${columns.join(', ')}) VALUES\n${values.join(',\n')};`);
  }
  return out;
}

export function seedStoreSql(options: { name: string; model: AuthorizationModel; tuples: TupleKey[]; now?: number }): {
  storeId: string;
  modelId: string;
  sql: string;
} {
  const now = options.now ?? Date.now();
  const storeId = ulid(now);
  const modelId = ulid(now);
  const model: AuthorizationModel = {
    schema_version: options.model.schema_version,
    type_definitions: options.model.type_definitions,
  };
  if (options.model.conditions) model.conditions = options.model.conditions;
  const condition = (t: TupleKey) => [
    t.condition?.name,
    t.condition?.context ? JSON.stringify(t.condition.context) : null,
    t.expiresAt,
  ];
  const statements = [
    ...inserts(
      'authz_stores',
      ['id', 'name', 'revision', 'tuple_count', 'created_at', 'updated_at'],
      [[storeId, options.name, 1, options.tuples.length, now, now]],
    ),
    ...inserts(
      'authz_models',
      ['id', 'store_id', 'schema_version', 'model', 'created_at'],
      [[modelId, storeId, model.schema_version, JSON.stringify(model), now]],
    ),
    ...inserts(
      'authz_tuples',
      [
        'store_id',
        'object_type',
        'object_id',
        'relation',
        'user_type',
        'user_id',
        'user_relation',
        'condition_name',
        'condition_context',
        'expires_at',
        'revision',
        'created_at',
      ],
      options.tuples.map((t) => {
        const c = toColumns(t);
        return [
          storeId,
          c.objectType,
          c.objectId,
          c.relation,
          c.userType,
          c.userId,
          c.userRelation,
          ...condition(t),
          1,
          now,
        ];
      }),
    ),
    ...inserts(
      'authz_changes',
      [
        'store_id',
        'revision',
        'operation',
        'object_type',
        'object_id',
        'relation',
        'user',
        'condition_name',
        'condition_context',
        'expires_at',
        'created_at',
      ],
      options.tuples.map((t) => {
        const c = toColumns(t);
        return [storeId, 1, 'write', c.objectType, c.objectId, t.relation, t.user, ...condition(t), now];
      }),
    ),
  ];
  return { storeId, modelId, sql: `${statements.join('\n')}\n` };
}
