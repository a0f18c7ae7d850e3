import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../temp-dir.ts';

/**
 * tests/temp-dir.ts: what the libSQL harnesses, the file-store tests and the unit tests put in the
 * OS temp dir is removed when they are done — after the test that made it, or after the describe
 * (or file) it was made in while collecting.
 */
let madeInTest = '';
let madeInDescribe = '';

describe('a folder made while a describe is collected', () => {
  madeInDescribe = tempDir('laminate-temp-proof-');
  writeFileSync(join(madeInDescribe, 'test.db'), 'x');

  it('is there for its tests', () => {
    expect(existsSync(join(madeInDescribe, 'test.db'))).toBe(true);
  });
});

describe('temp folders', () => {
  it('a folder made in a test is there until the test ends, with what was written in it', () => {
    madeInTest = tempDir('laminate-temp-proof-');
    writeFileSync(join(madeInTest, 'edge.db'), 'x');
    expect(existsSync(madeInTest)).toBe(true);
  });

  it('the folder made in the previous test is gone once it ended', () => {
    expect(madeInTest).not.toBe('');
    expect(existsSync(madeInTest)).toBe(false);
  });

  it("the folder made while collecting the describe above is gone after that describe's tests", () => {
    expect(madeInDescribe).not.toBe('');
    expect(existsSync(madeInDescribe)).toBe(false);
  });
});
