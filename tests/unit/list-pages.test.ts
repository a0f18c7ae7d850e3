import { describe, expect, it } from 'vitest';
import { keepList, keptList, listTicket, type ListQuestion } from '../../worker/authz/list-pages.ts';

const q: ListQuestion = { storeId: 's', revision: 7, modelId: 'm', user: 'user:ana', relation: 'viewer', type: 'doc' };

describe('kept list-objects answers', () => {
  it('R8: a first page uses a list computed after it started, never one from before; later pages may, briefly; another revision never', () => {
    const early = listTicket();
    keepList(q, ['doc:1', 'doc:2']);
    const late = listTicket();
    // computed after `early` started: its answer is the state at an instant within that request
    expect(keptList(q, early, false)).toEqual(['doc:1', 'doc:2']);
    // computed before `late` started: a first page lists afresh, a later page may cut from it
    expect(keptList(q, late, false)).toBeUndefined();
    expect(keptList(q, late, true)).toEqual(['doc:1', 'doc:2']);
    // older than a few seconds: not even for a later page
    expect(keptList(q, late, true, Date.now() + 60_000)).toBeUndefined();
    // a write moved the revision: nothing kept for it
    expect(keptList({ ...q, revision: 8 }, early, true)).toBeUndefined();
  });
});
