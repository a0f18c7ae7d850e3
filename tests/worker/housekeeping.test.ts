import { createScheduledController, env } from 'cloudflare:test';
import worker from '../../worker/index.ts';
import type { Bindings } from '../../worker/env.ts';
import { housekeepingSuite } from '../suites/housekeeping.suite.ts';
import { d1Harness } from './harness.ts';

// The Worker's own `scheduled` handler, called as the cron trigger calls it.
housekeepingSuite(d1Harness(), async (now) => {
  await worker.scheduled(
    createScheduledController({ scheduledTime: now, cron: '17 * * * *' }),
    env as unknown as Bindings,
  );
});
