import type { BatchItem } from 'drizzle-orm/batch';
import type { Store } from '../../db/store.ts';
import { tupleWriteStatements, type TupleWrite } from '../../db/authz/tuple-write-statements.ts';
import { ApiError } from '../errors.ts';

/**
 * A workspace write: the domain statements and the tuples they imply, in ONE batch — both land
 * or neither does. A constraint failure (a concurrent writer got there first) is a 409.
 */
export async function writeWithTuples(
  store: Store,
  storeId: string,
  statements: BatchItem<'sqlite'>[],
  tuples: TupleWrite,
  now = Date.now(),
): Promise<void> {
  const all = [...statements, ...tupleWriteStatements(store.db, storeId, tuples, now)];
  // A dry-run store (`store.dryRun()`, db/store.ts) would refuse the batch; stopping here names the tuples too.
  if (store.dry) throw store.dry.refuse(all.map(sqlText), tuples);
  if (all.length === 0) return;
  try {
    await store.batch(all as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  } catch (cause) {
    if (
      /constraint/i.test(String((cause as Error)?.message ?? cause)) ||
      /constraint/i.test(String((cause as { cause?: Error })?.cause?.message))
    ) {
      throw new ApiError('conflict', 'someone changed this at the same time: reload and try again', { cause });
    }
    throw cause;
  }
}

const sqlText = (statement: unknown) => (statement as { toSQL?: () => { sql: string } }).toSQL?.().sql ?? '';
