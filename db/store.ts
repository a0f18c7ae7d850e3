/**
 * The store adapters: D1 (in workerd) and libSQL (`@libsql/client`), behind one drizzle
 * handle. Code above this line never asks which one it has, except to report it.
 */
import { drizzle as drizzleD1 } from 'drizzle-orm/d1';
import { drizzle as drizzleLibsql } from 'drizzle-orm/libsql';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Client } from '@libsql/client';
import * as tables from './all-schema.ts';

/**
 * Every table, by its TypeScript name (the keys of the rows the seed builds): the module
 * drizzle-kit generates the migrations from, so it is never a hand-kept list.
 */
export const SCHEMA = { ...tables };
const schema = SCHEMA;

export type Schema = typeof schema;
export type Db = BaseSQLiteDatabase<'async', unknown, Schema>;
export type StoreKind = 'd1' | 'libsql';

export interface Store {
  readonly kind: StoreKind;
  readonly db: Db;
  /** Runs the statements in one transaction: all of them take effect, or none. */
  batch(statements: readonly [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]): Promise<readonly unknown[]>;
}

export function d1Store(binding: D1Database): Store {
  const db = drizzleD1(binding, { schema });
  return { kind: 'd1', db: db as unknown as Db, batch: (s) => db.batch(s) };
}

export function libsqlStore(client: Client): Store {
  const db = drizzleLibsql(client, { schema });
  return { kind: 'libsql', db: db as unknown as Db, batch: (s) => db.batch(s) };
}
