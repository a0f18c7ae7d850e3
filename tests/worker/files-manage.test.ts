import { createScheduledController, env } from 'cloudflare:test';
import worker from '../../worker/index.ts';
import type { Bindings } from '../../worker/env.ts';
import { filesManageSuite } from '../suites/files-manage.suite.ts';
import { r2BlobStore } from '../../worker/files/blob-store.ts';
import { d1Harness } from './harness.ts';

const bucket = (env as unknown as { FILES: R2Bucket }).FILES;

/** The same R2 bucket, whose next delete fails once (R2 unavailable for a moment). */
let failNext = false;
const faultyBucket = new Proxy(bucket, {
  get(target, name) {
    if (name === 'delete' && failNext) {
      failNext = false;
      return async () => {
        throw new Error('R2 is not available');
      };
    }
    const value = Reflect.get(target, name);
    return typeof value === 'function' ? value.bind(target) : value;
  },
});

filesManageSuite({
  ...d1Harness(),
  blobKeys: (prefix) => r2BlobStore(bucket).list(prefix),
  blobFault: {
    failNextDelete: () => {
      failNext = true;
    },
    request: async (path, init) => worker.request(path, init, { ...env, FILES: faultyBucket }),
  },
  // The Worker's own `scheduled` handler, called as the hourly cron trigger calls it.
  housekeep: async (now) => {
    await worker.scheduled(
      createScheduledController({ scheduledTime: now, cron: '17 * * * *' }),
      env as unknown as Bindings,
    );
  },
});
