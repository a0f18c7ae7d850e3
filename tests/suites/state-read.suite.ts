/**
 * The one statement every decision starts with (db/authz/state.ts `readStateAndDelta`): the
 * store's revision and model, and the change log after an isolate's snapshot — and the model's
 * text only when the isolate does not hold that model already (issue 17: the workspace's model
 * is ~130 KB of JSON; it used to travel with every request).
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { readStateAndDelta } from '../../db/authz/state.ts';
import { insertModel } from '../../db/authz/models.ts';
import { workspaces } from '../../db/identity/schema.ts';
import { NORTHLINE_ID } from '../../db/seed/northline.ts';
import { WORKSPACE_MODEL } from '../../model/workspace-model.ts';
import { modelOfState } from '../../worker/authz/model-cache.ts';
import type { Harness } from './harness.ts';

export function stateReadSuite(harness: Harness): void {
  describe(`the state read on ${harness.store}`, () => {
    it('R8: the model text travels only when the isolate does not hold that model; a model gone from the cache is read by id', async () => {
      const [ws] = await harness.db.db.select().from(workspaces).where(eq(workspaces.id, NORTHLINE_ID));
      const storeId = ws!.storeId!;
      const cold = await readStateAndDelta(harness.db, storeId, 0);
      expect(cold?.state.modelId).toEqual(expect.any(String));
      const text = cold!.state.modelJson!;
      expect(text.length).toBe(JSON.stringify(JSON.parse(text)).length);
      expect(text.length).toBeGreaterThan(100_000);
      // an isolate that holds the store's model: the same statement without the text
      const known = await readStateAndDelta(harness.db, storeId, 0, undefined, cold!.state.modelId!);
      expect(known?.state).toEqual({ ...cold!.state, modelJson: null });
      // any other id (another store's model, a stale hint): the text as before
      const other = await readStateAndDelta(harness.db, storeId, 0, undefined, '01ZZZZZZZZZZZZZZZZZZZZZZZZ');
      expect(other?.state.modelJson).toBe(text);
      // the change log after seq 0 came in the same statement, in order
      const seqs = cold!.delta.map((row) => row.seq);
      expect(seqs.length).toBeGreaterThan(0);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

      // no text and not compiled here (a model this process never compiled): read by id, once
      const fresh = await insertModel(harness.db.db, storeId, WORKSPACE_MODEL, Date.now());
      const state = { storeId, modelId: fresh, modelJson: null };
      const before = harness.db.meter.count;
      const model = await modelOfState(harness.db.db, state);
      expect(harness.db.meter.count - before).toBe(1);
      expect(model.types).toContain('show_day');
      // now held: not read again
      await modelOfState(harness.db.db, state);
      expect(harness.db.meter.count - before).toBe(1);
      // an id no store has is an error, never a guess
      await expect(modelOfState(harness.db.db, { ...state, modelId: '01NOSUCHMODEL0000000000000' })).rejects.toThrow(
        /not found/,
      );
    });
  });
}
