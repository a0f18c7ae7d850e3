/**
 * How AuthZEN maps onto the model (as OpenFGA maps it, so the same requests work on both):
 * subject `{type, id}` → user `type:id`; resource → object `type:id`; action name → relation;
 * `context` → condition context, with the subject's, resource's and action's `properties`
 * merged in as `subject_<name>`, `resource_<name>`, `action_<name>` (request context wins).
 */
import type { Context as HonoContext } from 'hono';
import { ApiError } from '../../errors.ts';
import type { EdgeEnv } from '../../middleware/api-key.ts';
import { authorizeStore } from '../../middleware/api-key.ts';
import type { ActionJson, ResourceJson, SubjectJson } from './schemas.ts';

export type Evaluation = {
  subject: SubjectJson;
  action: ActionJson;
  resource: ResourceJson;
  context?: Record<string, unknown> | undefined;
};

export function toCheck(e: Evaluation): {
  user: string;
  relation: string;
  object: string;
  context: Record<string, unknown>;
} {
  return {
    user: `${e.subject.type}:${e.subject.id}`,
    relation: e.action.name,
    object: `${e.resource.type}:${e.resource.id}`,
    context: mergedContext(e),
  };
}

export function mergedContext(e: {
  subject?: { properties?: Record<string, unknown> | undefined };
  action?: { properties?: Record<string, unknown> | undefined };
  resource?: { properties?: Record<string, unknown> | undefined };
  context?: Record<string, unknown> | undefined;
}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [prefix, props] of [
    ['subject', e.subject?.properties],
    ['resource', e.resource?.properties],
    ['action', e.action?.properties],
  ] as const) {
    for (const [k, v] of Object.entries(props ?? {})) out[`${prefix}_${k}`] = v;
  }
  return { ...out, ...e.context };
}

/**
 * The store an AuthZEN request is about: the path's (`/stores/{id}/access/v1/...`, OpenFGA's
 * layout) or, at the root (`/access/v1/...`), the one the API key is scoped to.
 */
export function authzenStore(c: HonoContext<EdgeEnv>): string {
  const fromPath = c.req.param('store_id');
  if (fromPath) {
    authorizeStore(c, fromPath, 'read');
    return fromPath;
  }
  const principal = c.get('principal');
  if (principal.kind === 'key') return principal.storeId;
  throw new ApiError(
    'validation_error',
    'the operator key is not scoped to a store: use `/stores/{store_id}/access/v1/...`',
  );
}
