/**
 * OpenFGA's request and response JSON as zod schemas: the validation at the edge, the types
 * the handlers use, and (through `z.toJSONSchema`) the OpenAPI document at /openapi.json.
 * Unknown fields are ignored, as OpenFGA's gateway does.
 */
import { z } from 'zod';

const context = z.record(z.string(), z.unknown()).meta({ description: 'condition parameters (CEL context)' });
const consistency = z.enum(['UNSPECIFIED', 'MINIMIZE_LATENCY', 'HIGHER_CONSISTENCY']).optional();
/** Laminate's addition: a token from a write's answer; the read is at least that fresh (R8). */
const consistencyToken = z
  .string()
  .max(200)
  .optional()
  .meta({ description: 'Laminate: answer at least as fresh as this token (from a write)' });
const modelId = z.string().max(64).optional();

export const RelationshipCondition = z
  .object({ name: z.string().min(1).max(256), context: context.optional() })
  .meta({ id: 'RelationshipCondition' });

export const TupleKey = z
  .object({
    user: z.string().min(1).max(512),
    relation: z.string().min(1).max(50),
    object: z.string().min(1).max(256),
    condition: RelationshipCondition.optional(),
    expires_at: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: 'Laminate: the tuple grants nothing from this instant (server clock)' }),
  })
  .meta({ id: 'TupleKey' });
export type TupleKeyJson = z.infer<typeof TupleKey>;

export const TupleKeyWithoutCondition = z
  .object({ user: z.string().min(1).max(512), relation: z.string().min(1).max(50), object: z.string().min(1).max(256) })
  .meta({ id: 'TupleKeyWithoutCondition' });
export const ContextualTupleKeys = z
  .object({ tuple_keys: z.array(TupleKey).max(100) })
  .meta({ id: 'ContextualTupleKeys' });

export const Store = z
  .object({
    id: z.string(),
    name: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
    deleted_at: z.string().optional(),
  })
  .meta({ id: 'Store' });
export const CreateStoreRequest = z.object({ name: z.string().min(1).max(64) }).meta({ id: 'CreateStoreRequest' });
export const ListStoresResponse = z
  .object({ stores: z.array(Store), continuation_token: z.string() })
  .meta({ id: 'ListStoresResponse' });
export const PageQuery = z.object({
  page_size: z.coerce.number().int().min(1).max(100).optional(),
  continuation_token: z.string().max(1000).optional(),
});

export const AuthorizationModel = z
  .object({
    id: z.string().optional(),
    schema_version: z.string(),
    type_definitions: z.array(z.record(z.string(), z.unknown())).min(1),
    conditions: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'AuthorizationModel', description: "OpenFGA's JSON model (`fga model transform` prints it)" });
export const WriteAuthorizationModelResponse = z
  .object({ authorization_model_id: z.string() })
  .meta({ id: 'WriteAuthorizationModelResponse' });
export const ReadAuthorizationModelsResponse = z
  .object({ authorization_models: z.array(AuthorizationModel), continuation_token: z.string().optional() })
  .meta({ id: 'ReadAuthorizationModelsResponse' });

export const WriteRequest = z
  .object({
    writes: z
      .object({ tuple_keys: z.array(TupleKey).min(1), on_duplicate: z.enum(['error', 'ignore']).optional() })
      .optional(),
    deletes: z
      .object({
        tuple_keys: z.array(TupleKeyWithoutCondition).min(1),
        on_missing: z.enum(['error', 'ignore']).optional(),
      })
      .optional(),
    authorization_model_id: modelId,
  })
  .meta({ id: 'WriteRequest' });
export const WriteResponse = z
  .object({ consistency_token: z.string().meta({ description: 'Laminate: send back to read at least this fresh' }) })
  .meta({ id: 'WriteResponse' });

export const ReadRequest = z
  .object({
    tuple_key: z
      .object({
        user: z.string().max(512).optional(),
        relation: z.string().max(50).optional(),
        object: z.string().max(256).optional(),
      })
      .optional(),
    page_size: z.number().int().min(1).max(100).optional(),
    continuation_token: z.string().max(1000).optional(),
    consistency,
  })
  .meta({ id: 'ReadRequest' });
export const Tuple = z.object({ key: TupleKey, timestamp: z.string() }).meta({ id: 'Tuple' });
export const ReadResponse = z
  .object({ tuples: z.array(Tuple), continuation_token: z.string() })
  .meta({ id: 'ReadResponse' });

export const ChangesQuery = PageQuery.extend({
  type: z.string().max(254).optional(),
  start_time: z.iso.datetime({ offset: true }).optional(),
});
export const TupleChange = z
  .object({
    tuple_key: TupleKey,
    operation: z.enum(['TUPLE_OPERATION_WRITE', 'TUPLE_OPERATION_DELETE']),
    timestamp: z.string(),
  })
  .meta({ id: 'TupleChange' });
export const ReadChangesResponse = z
  .object({ changes: z.array(TupleChange), continuation_token: z.string() })
  .meta({ id: 'ReadChangesResponse' });

const checkKey = z.object({
  user: z.string().min(1).max(512),
  relation: z.string().min(1).max(50),
  object: z.string().min(1).max(256),
});
const readCommon = {
  authorization_model_id: modelId,
  contextual_tuples: ContextualTupleKeys.optional(),
  context: context.optional(),
  consistency,
  consistency_token: consistencyToken,
};

export const CheckRequest = z
  .object({ tuple_key: checkKey, trace: z.boolean().optional(), ...readCommon })
  .meta({ id: 'CheckRequest' });
export const CheckResponse = z
  .object({ allowed: z.boolean(), resolution: z.string().optional() })
  .meta({ id: 'CheckResponse' });

export const BatchCheckItem = z
  .object({
    tuple_key: checkKey,
    contextual_tuples: ContextualTupleKeys.optional(),
    context: context.optional(),
    correlation_id: z.string().min(1).max(64),
  })
  .meta({ id: 'BatchCheckItem' });
export const BatchCheckRequest = z
  .object({
    checks: z.array(BatchCheckItem).min(1),
    authorization_model_id: modelId,
    consistency,
    consistency_token: consistencyToken,
  })
  .meta({ id: 'BatchCheckRequest' });
export const CheckError = z.object({ input_error: z.string().optional(), message: z.string() });
export const BatchCheckResponse = z
  .object({ result: z.record(z.string(), z.object({ allowed: z.boolean(), error: CheckError.optional() })) })
  .meta({ id: 'BatchCheckResponse' });

export const ListObjectsRequest = z
  .object({
    type: z.string().min(1).max(254),
    relation: z.string().min(1).max(50),
    user: z.string().min(1).max(512),
    ...readCommon,
    page_size: z.number().int().min(1).optional().meta({ description: 'Laminate: page size; absent = every object' }),
    continuation_token: z.string().max(2000).optional(),
  })
  .meta({ id: 'ListObjectsRequest' });
export const ListObjectsResponse = z
  .object({ objects: z.array(z.string()), continuation_token: z.string().optional() })
  .meta({ id: 'ListObjectsResponse' });
export const StreamedListObjectsResponse = z
  .object({ result: z.object({ object: z.string() }) })
  .meta({ id: 'StreamedListObjectsResponse', description: 'one JSON object per line' });

export const UserTypeFilter = z.object({ type: z.string().min(1), relation: z.string().optional() });
export const ListUsersRequest = z
  .object({
    object: z.object({ type: z.string().min(1), id: z.string().min(1) }),
    relation: z.string().min(1).max(50),
    user_filters: z.array(UserTypeFilter).min(1).max(1),
    authorization_model_id: modelId,
    contextual_tuples: z.array(TupleKey).max(100).optional(),
    context: context.optional(),
    consistency,
    consistency_token: consistencyToken,
  })
  .meta({ id: 'ListUsersRequest' });
export const User = z
  .object({
    object: z.object({ type: z.string(), id: z.string() }).optional(),
    userset: z.object({ type: z.string(), id: z.string(), relation: z.string() }).optional(),
    wildcard: z.object({ type: z.string() }).optional(),
  })
  .meta({ id: 'User' });
export const ListUsersResponse = z.object({ users: z.array(User) }).meta({ id: 'ListUsersResponse' });

export const ExpandRequest = z
  .object({
    tuple_key: z.object({ relation: z.string().min(1).max(50), object: z.string().min(1).max(256) }),
    authorization_model_id: modelId,
    contextual_tuples: ContextualTupleKeys.optional(),
    consistency,
    consistency_token: consistencyToken,
  })
  .meta({ id: 'ExpandRequest' });
export const ExpandResponse = z
  .object({ tree: z.object({ root: z.record(z.string(), z.unknown()) }) })
  .meta({ id: 'ExpandResponse' });

export const ExplainResponse = z
  .object({
    allowed: z.boolean(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
    explanation: z.unknown().optional(),
  })
  .meta({ id: 'ExplainResponse', description: 'Laminate: the proof of an allow, or every rule tried for a deny' });

export const ErrorBody = z
  .object({ code: z.string(), message: z.string(), requestId: z.string(), field: z.string().optional() })
  .meta({ id: 'Error' });

export type CheckRequestJson = z.infer<typeof CheckRequest>;
export type BatchCheckRequestJson = z.infer<typeof BatchCheckRequest>;
export type ListObjectsRequestJson = z.infer<typeof ListObjectsRequest>;
export type ListUsersRequestJson = z.infer<typeof ListUsersRequest>;
export type ExpandRequestJson = z.infer<typeof ExpandRequest>;
