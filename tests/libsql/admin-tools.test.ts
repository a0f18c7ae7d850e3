import { libsqlHarness } from './harness.ts';
import { adminToolsSuite } from '../suites/admin-tools.suite.ts';
import { seedHarbor } from '../suites/second-workspace.ts';

const harness = await libsqlHarness();
await seedHarbor(harness.db);
adminToolsSuite(harness);
