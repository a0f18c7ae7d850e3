import { createClient } from '@libsql/client/web';
import { createApp } from './app.ts';
import { d1Store, libsqlStore, type Store } from '../db/store.ts';
import type { Bindings } from './env.ts';
import { describeHousekeeping, housekeep } from './housekeeping/housekeep.ts';
import { blobStoreFor } from './files/blob-store.ts';

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

/**
 * The cron trigger (wrangler.toml `[triggers]`, hourly): housekeeping at the trigger's time. A
 * failure throws, so the invocation is marked failed in the Worker's logs and metrics.
 */
async function scheduled(controller: ScheduledController, env: Bindings): Promise<void> {
  console.log(describeHousekeeping(await housekeep(resolveStore(env), controller.scheduledTime, blobStoreFor(env))));
}

/** The Hono app is the `fetch` handler; `scheduled` sits beside it on the same default export. */
export default Object.assign(createApp(resolveStore), { scheduled });
