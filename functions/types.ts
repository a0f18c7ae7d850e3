/**
 * Public types of the authorization engine. The model types mirror OpenFGA's JSON shape
 * (what `fga model transform` prints and what the HTTP API receives), so a model can travel
 * between Laminate and OpenFGA tools unchanged.
 */

/** An OpenFGA userset rewrite, as JSON. */
export type Userset =
  | { this: Record<string, never> }
  | { computedUserset: { object?: string; relation: string } }
  | {
      tupleToUserset: {
        tupleset: { object?: string; relation: string };
        computedUserset: { object?: string; relation: string };
      };
    }
  | { union: { child: Userset[] } }
  | { intersection: { child: Userset[] } }
  | { difference: { base: Userset; subtract: Userset } };

/** One entry of a relation's type restrictions: `user`, `user:*`, `group#member`, `user with cond`. */
export type RelationReference = {
  type: string;
  relation?: string;
  wildcard?: Record<string, never>;
  condition?: string;
};

export type RelationMetadata = {
  directly_related_user_types?: RelationReference[];
  module?: string;
  source_info?: { file?: string };
};

export type TypeDefinition = {
  type: string;
  relations?: Record<string, Userset>;
  metadata?: { relations?: Record<string, RelationMetadata>; module?: string; source_info?: { file?: string } } | null;
};

/** CEL parameter types, OpenFGA's `TYPE_NAME_*` enum. */
export type ConditionTypeName =
  | 'TYPE_NAME_ANY'
  | 'TYPE_NAME_BOOL'
  | 'TYPE_NAME_STRING'
  | 'TYPE_NAME_INT'
  | 'TYPE_NAME_UINT'
  | 'TYPE_NAME_DOUBLE'
  | 'TYPE_NAME_DURATION'
  | 'TYPE_NAME_TIMESTAMP'
  | 'TYPE_NAME_MAP'
  | 'TYPE_NAME_LIST'
  | 'TYPE_NAME_IPADDRESS';

export type ConditionParamType = { type_name: ConditionTypeName; generic_types?: ConditionParamType[] };

export type Condition = {
  name: string;
  expression: string;
  parameters?: Record<string, ConditionParamType>;
  metadata?: unknown;
};

/** OpenFGA's authorization model JSON (schema 1.1; modular models compile to this too). */
export type AuthorizationModel = {
  id?: string;
  schema_version: string;
  type_definitions: TypeDefinition[];
  conditions?: Record<string, Condition>;
};

/** A model error, 1-based line and column (0 when the input has no positions, e.g. JSON). */
export type ModelError = { message: string; line: number; column: number; file?: string };

export type ParseResult = { ok: true; model: AuthorizationModel } | { ok: false; errors: ModelError[] };

/** A relationship tuple. `user` is `type:id`, `type:*` or `type:id#relation`. */
export type TupleKey = {
  object: string;
  relation: string;
  user: string;
  condition?: { name: string; context?: Record<string, unknown> };
  /** Epoch milliseconds; the tuple counts only while `now < expiresAt`. */
  expiresAt?: number;
};

/** OpenFGA error codes (the numbers its API and conformance suite use). */
export const ErrorCode = {
  validation_error: 2000,
  authorization_model_resolution_too_complex: 2002,
  invalid_continuation_token: 2007,
  type_not_found: 2021,
  relation_not_found: 2022,
  invalid_tuple: 2027,
  invalid_authorization_model: 2036,
} as const;
export type ErrorName = keyof typeof ErrorCode;

/** An error is a deny that is reported, never thrown past the caller. */
export type EngineError = { code: (typeof ErrorCode)[ErrorName]; name: ErrorName; message: string };

export type Context = Record<string, unknown>;

type RequestCommon = {
  context?: Context;
  contextualTuples?: TupleKey[];
  /** The clock, epoch milliseconds: decides tuple expiry. The engine never reads Date.now(). */
  now: number;
};

export type CheckRequest = RequestCommon & { user: string; relation: string; object: string };
export type CheckResult = { allowed: boolean; error?: EngineError };

export type BatchCheckItem = {
  user: string;
  relation: string;
  object: string;
  context?: Context;
  correlationId?: string;
};
export type BatchCheckRequest = RequestCommon & { checks: BatchCheckItem[] };
export type BatchCheckResult = { results: (CheckResult & { correlationId?: string })[] };

export type ListObjectsRequest = RequestCommon & {
  user: string;
  relation: string;
  type: string;
  /** Page size; absent means every object in one page. */
  pageSize?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
};
export type ListObjectsResult = { objects: string[]; cursor?: string; error?: EngineError };

export type UserFilter = { type: string; relation?: string };
export type ListUsersRequest = RequestCommon & { object: string; relation: string; userFilters: UserFilter[] };
/** OpenFGA's list-users user shape. */
export type ListedUser =
  | { object: { type: string; id: string } }
  | { wildcard: { type: string } }
  | { userset: { type: string; id: string; relation: string } };
export type ListUsersResult = { users: ListedUser[]; error?: EngineError };

/** OpenFGA's expand tree shape (one level: leaves name the usersets to expand next). */
export type ExpandNode = {
  name: string;
  leaf?:
    | { users: { users: string[] } }
    | { computed: { userset: string } }
    | { tupleToUserset: { tupleset: string; computed: { userset: string }[] } };
  union?: { nodes: ExpandNode[] };
  intersection?: { nodes: ExpandNode[] };
  difference?: { base: ExpandNode; subtract: ExpandNode };
};
export type ExpandRequest = Omit<RequestCommon, 'context'> & { object: string; relation: string };
export type ExpandResult = { tree?: { root: ExpandNode }; error?: EngineError };

/** Why a step held or failed. */
export type Outcome = 'allowed' | 'denied' | 'error';

/**
 * A typed explanation. For an allow it is the proof: the chain of rules and tuples that granted
 * it (union nodes keep only the branch that held). For a deny it is every rule tried and what
 * each lacked.
 */
export type ExplainNode =
  | {
      kind: 'relation';
      object: string;
      relation: string;
      outcome: Outcome;
      rule: ExplainNode;
      note?: 'cycle' | 'depth_exceeded' | 'memoised';
    }
  | { kind: 'direct'; object: string; relation: string; outcome: Outcome; tuples: ExplainTuple[]; lacked?: string }
  | { kind: 'computed'; object: string; relation: string; outcome: Outcome; via: ExplainNode }
  | {
      kind: 'tuple_to_userset';
      object: string;
      tupleset: string;
      computedRelation: string;
      outcome: Outcome;
      parents: ExplainTuple[];
      lacked?: string;
    }
  | { kind: 'union' | 'intersection'; outcome: Outcome; children: ExplainNode[] }
  | { kind: 'exclusion'; outcome: Outcome; base: ExplainNode; subtract?: ExplainNode };

/** A tuple that was considered, and what became of it. */
export type ExplainTuple = {
  tuple: TupleKey;
  outcome: Outcome;
  /** Why the tuple did not count: its condition was false or lacked parameters, or it expired. */
  reason?: 'condition_false' | 'condition_error' | 'expired';
  /** For a userset or tuple-to-userset tuple: the evaluation that followed it. */
  next?: ExplainNode;
};

export type Explanation = { allowed: boolean; error?: EngineError; root?: ExplainNode };

/** A key the fetching source asks its store for; one batch of keys = one SQL query. */
export type FetchKey =
  /** every tuple on `objectType:objectId#relation` */
  | { kind: 'forward'; objectType: string; objectId: string; relation: string }
  /** every tuple `objectType:*#relation@user` (user is exact: `user:anne`, `user:*` or `group:eng#member`) */
  | { kind: 'reverse'; objectType: string; relation: string; user: string };

/** Answers one batch of keys with every tuple matching any key (extra tuples are harmless). */
export type FetchTuples = (keys: FetchKey[]) => Promise<TupleKey[]>;
