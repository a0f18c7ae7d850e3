import { env } from 'cloudflare:test';
import app from '../../worker/index.ts';
import { d1Harness } from './harness.ts';
import { signUpSuite } from '../suites/sign-up.suite.ts';

const off = d1Harness();
signUpSuite({ ...off, request: async (path, init) => app.request(path, init, { ...env, ALLOW_SIGN_UP: 'true' }) }, off);
