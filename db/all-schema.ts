/** Every table, for drizzle-kit (drizzle.config.ts) and the migrations test: the schema split by domain. */
export * from './identity/schema.ts';
export * from './touring/schema.ts';
export * from './collaboration/schema.ts';
export * from './authz/schema.ts';
