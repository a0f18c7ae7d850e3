import { describe, expect, it } from 'vitest';
import type { Context } from 'hono';
import { dbDelayMs } from '../../../worker/middleware/db-request.ts';
import type { AppEnv } from '../../../worker/env.ts';

const at = (url: string, value?: string) =>
  ({ env: value === undefined ? {} : { LAMINATE_DB_DELAY_MS: value }, req: { url } }) as unknown as Context<AppEnv>;

describe('bench-only database delay (LAMINATE_DB_DELAY_MS, bench --rtt)', () => {
  it('issue 17: honoured only for requests addressed to a loopback host', () => {
    expect(dbDelayMs(at('http://127.0.0.1:8787/api/days', '80'))).toBe(80);
    expect(dbDelayMs(at('http://localhost:8787/api/days', '80'))).toBe(80);
    expect(dbDelayMs(at('http://[::1]:8787/api/days', '80'))).toBe(80);
    expect(dbDelayMs(at('https://laminate.example.com/api/days', '80'))).toBe(0);
    expect(dbDelayMs(at('https://127.0.0.1.example.com/api/days', '80'))).toBe(0);
  });

  it('issue 17: unset, empty, negative or not a number means no delay', () => {
    const saved = process.env.LAMINATE_DB_DELAY_MS;
    delete process.env.LAMINATE_DB_DELAY_MS;
    try {
      for (const value of [undefined, '', '-5', 'abc', '0'])
        expect(dbDelayMs(at('http://127.0.0.1/api/days', value))).toBe(0);
    } finally {
      if (saved !== undefined) process.env.LAMINATE_DB_DELAY_MS = saved;
    }
  });
});
