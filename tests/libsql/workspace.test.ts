import { libsqlHarness } from './harness.ts';
import { workspaceSuite } from '../suites/workspace.suite.ts';

workspaceSuite(await libsqlHarness());
