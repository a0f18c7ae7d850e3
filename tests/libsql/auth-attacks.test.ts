import { libsqlHarness } from './harness.ts';
import { authAttacksSuite } from '../suites/auth-attacks.suite.ts';

authAttacksSuite(await libsqlHarness());
