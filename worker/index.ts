import { createClient } from '@libsql/client/web';
import { createApp } from './app.ts';
import { d1Store, libsqlStore, type Store } from '../db/store.ts';
import type { Bindings } from './env.ts';

/** A libSQL client per isolate and URL: connections are reusable across requests. */
let libsql: { url: string; store: Store } | undefined;

function resolveStore(env: Bindings): Store {
  if (!env.LIBSQL_URL) return d1Store(env.DB);
  if (libsql?.url !== env.LIBSQL_URL) {
    libsql = {
      url: env.LIBSQL_URL,
      store: libsqlStore(createClient({ url: env.LIBSQL_URL, authToken: env.LIBSQL_AUTH_TOKEN })),
    };
  }
  return libsql.store;
}

export default createApp(resolveStore);
