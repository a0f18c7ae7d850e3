/**
 * The Durable Object alternative, measured (issue 17): a check answered from a compact snapshot
 * held (a) in the Worker's own isolate and (b) in a Durable Object per store, reached through
 * its stub (RPC). Both hold the same drive store; the answer is the same; only the hop differs.
 */
import { DurableObject } from 'cloudflare:workers';
import { check, CompactTupleIndex, compileModel, parseModel } from '../../../functions/index.ts';
import { generateDrive } from '../drive/generate.ts';
import { DRIVE_MODEL, driveTuples } from '../drive/index.ts';

type Env = { HOLDER: DurableObjectNamespace<StoreHolder>; TUPLES?: string };
type Question = { user: string; relation: string; object: string };

const parsed = parseModel(DRIVE_MODEL);
if (!parsed.ok) throw new Error('drive model');
const model = compileModel(parsed.model);
const build = (n: number) => CompactTupleIndex.build(driveTuples(generateDrive(n, 42)));
const answer = (compact: CompactTupleIndex, q: Question) => check(model, compact.source(), { ...q, now: 0 }).allowed;

let local: CompactTupleIndex | undefined;

export class StoreHolder extends DurableObject<Env> {
  private compact: CompactTupleIndex | undefined;

  check(q: Question, tuples: number): boolean {
    this.compact ??= build(tuples);
    return answer(this.compact, q);
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const tuples = Number(url.searchParams.get('tuples') ?? 100_000);
    const q = {
      user: url.searchParams.get('user') ?? '',
      relation: url.searchParams.get('relation') ?? '',
      object: url.searchParams.get('object') ?? '',
    };
    if (url.pathname === '/local') {
      local ??= build(tuples);
      return Response.json({ allowed: answer(local, q) });
    }
    if (url.pathname === '/do') {
      const stub = env.HOLDER.get(env.HOLDER.idFromName('store'));
      return Response.json({ allowed: await stub.check(q, tuples) });
    }
    return new Response('not found', { status: 404 });
  },
};
