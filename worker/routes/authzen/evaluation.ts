/**
 * AuthZEN access evaluation(s). A deny is HTTP 200 with `decision: false`. In a batch, an item
 * that still lacks a subject, action or resource after the defaults are applied, or that the
 * engine cannot evaluate, is a deny with `context.error { status, message }`, never a 400.
 */
import { createRoute } from '@hono/zod-openapi';
import { errors, json, ok, routes } from '../declare.ts';
import { check, type CheckResult } from '../../../functions/index.ts';
import { loadView } from '../../authz/load.ts';
import { edgeRequest, type EdgeEnv } from '../../middleware/api-key.ts';
import { ApiError } from '../../errors.ts';
import { authzenStore, toCheck, type Evaluation } from './mapping.ts';
import { EvaluationRequest, EvaluationResponse, EvaluationsRequest, EvaluationsResponse } from './schemas.ts';

type Decision = { decision: boolean; context?: Record<string, unknown> };

function decision(result: CheckResult): Decision {
  if (result.error)
    return {
      decision: false,
      context: { error: { status: 400, message: `${result.error.name}: ${result.error.message}` } },
    };
  return { decision: result.allowed };
}

const postEvaluation = createRoute({
  method: 'post',
  path: '/evaluation',
  tags: ['AuthZEN'],
  summary: 'Access evaluation: may the subject do the action on the resource?',
  request: { body: json(EvaluationRequest) },
  responses: { 200: ok(EvaluationResponse), ...errors },
});
const postEvaluations = createRoute({
  method: 'post',
  path: '/evaluations',
  tags: ['AuthZEN'],
  summary: 'Many evaluations; execute_all, deny_on_first_deny or permit_on_first_permit',
  request: { body: json(EvaluationsRequest) },
  responses: { 200: ok(EvaluationsResponse), ...errors },
});

export const evaluation = routes<EdgeEnv>()
  .openapi(postEvaluation, async (c) => {
    const storeId = authzenStore(c);
    const body = c.req.valid('json');
    const view = await loadView(edgeRequest(c), storeId, { modelId: c.req.header('openfga-authorization-model-id') });
    const question = toCheck(body);
    const result = await view.evaluate((source) => check(view.model, source, { ...question, now: Date.now() }), {
      checks: [question],
    });
    if (result.error) throw new ApiError('validation_error', `${result.error.name}: ${result.error.message}`);
    return c.json({ decision: result.allowed }, 200);
  })
  .openapi(postEvaluations, async (c) => {
    const storeId = authzenStore(c);
    const body = c.req.valid('json');
    const semantic = body.options?.evaluations_semantic ?? 'execute_all';
    const items = body.evaluations && body.evaluations.length > 0 ? body.evaluations : [{}];
    const view = await loadView(edgeRequest(c), storeId, { modelId: c.req.header('openfga-authorization-model-id') });
    const now = Date.now();
    // each item with the defaults applied: a check, or the names of what it still lacks
    const questions = items.map((item) => {
      const merged = {
        subject: item.subject ?? body.subject,
        action: item.action ?? body.action,
        resource: item.resource ?? body.resource,
        context: item.context ?? body.context,
      };
      const missing = (['subject', 'action', 'resource'] as const).filter((k) => merged[k] === undefined);
      return missing.length > 0 ? { missing } : { check: toCheck(merged as Evaluation) };
    });
    const evaluations = await view.evaluate(
      (source) => {
        const out: Decision[] = [];
        for (const q of questions) {
          const answer: Decision = q.check
            ? decision(check(view.model, source, { ...q.check, now }))
            : {
                decision: false,
                context: { error: { status: 400, message: `missing \`${q.missing.join('`, `')}\`` } },
              };
          out.push(answer);
          if (
            (semantic === 'deny_on_first_deny' && !answer.decision) ||
            (semantic === 'permit_on_first_permit' && answer.decision)
          )
            break;
        }
        return out;
      },
      { checks: questions.flatMap((q) => (q.check ? [q.check] : [])) },
    );
    return c.json({ evaluations }, 200);
  });
