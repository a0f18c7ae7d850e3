import { housekeepingJob } from '../../worker/node.ts';
import { housekeepingSuite } from '../suites/housekeeping.suite.ts';
import { libsqlHarness } from './harness.ts';

// The Node server's job (worker/node.ts runs it at start and hourly), with the test's clock.
const harness = await libsqlHarness();
housekeepingSuite(harness, async (now) => {
  if (!(await housekeepingJob(harness.db, () => now).run())) throw new Error('the housekeeping job failed');
});
