import type { Context } from 'hono';
import type { WorkspaceEnv } from '../../middleware/workspace.ts';
import { etagOf } from '../../records/revision.ts';

/** The 409: `{ code, message, requestId, current }`, and the current ETag. */
export function conflictWith<T>(c: Context<WorkspaceEnv>, what: string, revision: number, current: T) {
  c.header('ETag', etagOf(revision));
  return c.json(
    {
      code: 'conflict' as const,
      message: `${what} changed since you read it: here is its current state; apply your change to it and send it again`,
      requestId: c.get('requestId'),
      current,
    },
    409,
  );
}
