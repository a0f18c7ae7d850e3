import { workspaceSuite } from '../suites/workspace.suite.ts';
import { d1Harness } from './harness.ts';

workspaceSuite(d1Harness());
