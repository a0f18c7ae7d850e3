/** AuthZEN Authorization API 1.0 request and response JSON (unknown fields ignored). */
import { z } from 'zod';

const properties = z.record(z.string(), z.unknown());
export const Subject = z
  .object({ type: z.string().min(1).max(254), id: z.string().min(1).max(256), properties: properties.optional() })
  .meta({ id: 'AuthzenSubject' });
export const Resource = z
  .object({ type: z.string().min(1).max(254), id: z.string().min(1).max(256), properties: properties.optional() })
  .meta({ id: 'AuthzenResource' });
export const Action = z
  .object({ name: z.string().min(1).max(50), properties: properties.optional() })
  .meta({ id: 'AuthzenAction' });
export const Context = z.record(z.string(), z.unknown());
export const Page = z
  .object({ token: z.string().max(2000).optional(), limit: z.number().int().min(1).max(1000).optional() })
  .meta({ id: 'AuthzenPageRequest' });

export const EvaluationRequest = z
  .object({ subject: Subject, action: Action, resource: Resource, context: Context.optional() })
  .meta({ id: 'EvaluationRequest' });
export const EvaluationResponse = z
  .object({ decision: z.boolean(), context: z.record(z.string(), z.unknown()).optional() })
  .meta({ id: 'EvaluationResponse' });

/** Defaults and items may each lack fields; a combined item that still lacks one is a deny. */
export const EvaluationsItem = z
  .object({
    subject: Subject.optional(),
    action: Action.optional(),
    resource: Resource.optional(),
    context: Context.optional(),
  })
  .meta({ id: 'EvaluationsItem' });
export const EvaluationsRequest = EvaluationsItem.extend({
  evaluations: z.array(EvaluationsItem).max(1000).optional(),
  options: z
    .object({
      evaluations_semantic: z.enum(['execute_all', 'deny_on_first_deny', 'permit_on_first_permit']).optional(),
    })
    .optional(),
}).meta({ id: 'EvaluationsRequest' });
export const EvaluationsResponse = z
  .object({ evaluations: z.array(EvaluationResponse) })
  .meta({ id: 'EvaluationsResponse' });

const typeOnly = z.object({
  type: z.string().min(1).max(254),
  id: z.string().optional(),
  properties: properties.optional(),
});
export const SubjectSearchRequest = z
  .object({ subject: typeOnly, action: Action, resource: Resource, context: Context.optional(), page: Page.optional() })
  .meta({ id: 'SubjectSearchRequest' });
export const ResourceSearchRequest = z
  .object({ subject: Subject, action: Action, resource: typeOnly, context: Context.optional(), page: Page.optional() })
  .meta({ id: 'ResourceSearchRequest' });
export const ActionSearchRequest = z
  .object({ subject: Subject, resource: Resource, context: Context.optional(), page: Page.optional() })
  .meta({ id: 'ActionSearchRequest' });
const PageResponse = z.object({ next_token: z.string(), count: z.number().int().optional() });
export const EntitySearchResponse = z
  .object({ results: z.array(z.object({ type: z.string(), id: z.string() })), page: PageResponse.optional() })
  .meta({ id: 'EntitySearchResponse' });
export const ActionSearchResponse = z
  .object({ results: z.array(z.object({ name: z.string() })), page: PageResponse.optional() })
  .meta({ id: 'ActionSearchResponse' });

export const Configuration = z
  .object({
    policy_decision_point: z.string(),
    access_evaluation_endpoint: z.string(),
    access_evaluations_endpoint: z.string(),
    search_subject_endpoint: z.string(),
    search_resource_endpoint: z.string(),
    search_action_endpoint: z.string(),
    laminate_action_names_endpoint: z.string(),
  })
  .meta({ id: 'AuthzenConfiguration' });

export type SubjectJson = z.infer<typeof Subject>;
export type ResourceJson = z.infer<typeof Resource>;
export type ActionJson = z.infer<typeof Action>;
