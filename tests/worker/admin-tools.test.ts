import { adminToolsSuite } from '../suites/admin-tools.suite.ts';
import { seedHarbor } from '../suites/second-workspace.ts';
import { d1Harness } from './harness.ts';

const harness = d1Harness();
await seedHarbor(harness.db);
adminToolsSuite(harness);
