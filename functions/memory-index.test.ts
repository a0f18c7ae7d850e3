import { describe, expect, it } from 'vitest';
import { MemoryTupleIndex } from './memory-index.ts';

describe('memory tuple index', () => {
  it('adds, replaces and deletes tuples', () => {
    const ix = new MemoryTupleIndex();
    ix.add({ object: 'doc:1', relation: 'viewer', user: 'user:a' });
    ix.add({ object: 'doc:1', relation: 'viewer', user: 'user:a', expiresAt: 5 });
    ix.add({ object: 'doc:1', relation: 'viewer', user: 'group:g#member' });
    expect(ix.size).toBe(2);
    expect([...ix.tuples()]).toEqual([
      { object: 'doc:1', relation: 'viewer', user: 'user:a', expiresAt: 5 },
      { object: 'doc:1', relation: 'viewer', user: 'group:g#member' },
    ]);
    expect(ix.delete({ object: 'doc:1', relation: 'viewer', user: 'user:a' })).toBe(true);
    expect(ix.delete({ object: 'doc:1', relation: 'viewer', user: 'user:a' })).toBe(false);
    expect(ix.size).toBe(1);
    ix.add({ object: 'doc:1', relation: 'viewer', user: 'user:a' });
    expect(ix.size).toBe(2);
  });

  it('estimates its memory', () => {
    const ix = new MemoryTupleIndex();
    for (let i = 0; i < 1000; i++) ix.add({ object: `doc:${i}`, relation: 'viewer', user: `user:${i % 50}` });
    expect(ix.bytesEstimate()).toBeGreaterThan(1000 * 20);
  });
});
