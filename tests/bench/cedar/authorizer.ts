import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import type { Tuple } from '../drive/model.ts';
import { buildCedarGraph, entityUid, type CedarGraph } from './graph.ts';
import { CEDAR_POLICIES } from './policies.ts';
import { sliceEntities } from './slice.ts';

const POLICY_SET_ID = 'drive';
let preparsed = false;

/** Cedar's answer, shaped like its own `{ decision, reasons, errors }`; an error is a reported deny. */
export interface CedarDecision {
  allowed: boolean;
  reasons: string[];
  errors: string[];
}

/** A ready-to-send request: the slice is built, so timing it measures Cedar alone. */
export type CedarRequest = cedar.StatefulAuthorizationCall;

export interface CedarDrive {
  graph: CedarGraph;
  /** Builds the request (and its entity slice) for one question. */
  request(user: string, relation: string, object: string): CedarRequest;
  /** Sends a request to cedar-wasm. */
  authorize(request: CedarRequest): CedarDecision;
  check(user: string, relation: string, object: string): CedarDecision;
}

/**
 * The drive store answered by Cedar (`@cedar-policy/cedar-wasm`, nodejs build), with the policy
 * set parsed once and cached inside the wasm module.
 *
 * @example
 * const drive = createCedarDrive(driveTuples(store));
 * drive.check('user:u1', 'viewer', 'document:d7').allowed;
 */
export function createCedarDrive(tuples: Iterable<Tuple>): CedarDrive {
  if (!preparsed) {
    const parsed = cedar.preparsePolicySet(POLICY_SET_ID, { staticPolicies: CEDAR_POLICIES });
    if (parsed.type !== 'success')
      throw new Error(`cedar policies do not parse: ${parsed.errors.map((e) => e.message).join('; ')}`);
    preparsed = true;
  }
  const graph = buildCedarGraph(tuples);
  const request = (user: string, relation: string, object: string): CedarRequest => ({
    principal: entityUid(user),
    action: { type: 'Action', id: relation },
    resource: entityUid(object),
    context: {},
    preparsedPolicySetId: POLICY_SET_ID,
    entities: sliceEntities(graph, user, relation, object),
  });
  const authorize = (call: CedarRequest): CedarDecision => {
    const answer = cedar.statefulIsAuthorized(call);
    if (answer.type === 'failure') return { allowed: false, reasons: [], errors: answer.errors.map((e) => e.message) };
    const { decision, diagnostics } = answer.response;
    return {
      allowed: decision === 'allow',
      reasons: diagnostics.reason,
      errors: diagnostics.errors.map((e) => e.error.message),
    };
  };
  return { graph, request, authorize, check: (u, r, o) => authorize(request(u, r, o)) };
}
