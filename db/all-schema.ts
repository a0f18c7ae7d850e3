/**
 * Every table of the database, in one module: drizzle-kit generates db/migrations from this
 * file (drizzle.config.ts) and the store adapters hand it to drizzle (db/store.ts), so a table
 * cannot be migrated without being known to the code, or the other way round. A new schema
 * file is added here and nowhere else; tests/libsql/schema.test.ts compares this list with the
 * tables the migrations create.
 */
export * from './schema.ts';
export * from './workspace-schema.ts';
export * from './collab-schema.ts';
export * from './people-schema.ts';
