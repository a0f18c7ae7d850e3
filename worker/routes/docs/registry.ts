/**
 * The operations of the edge API, each declared once beside its handler with the zod schemas
 * that validate it; /openapi.json and /docs are generated from this list.
 */
import type { z } from 'zod';

export type Operation = {
  method: 'get' | 'post' | 'delete';
  /** OpenAPI path, `{param}` style. */
  path: string;
  tag: 'Stores' | 'Models' | 'Tuples' | 'Queries' | 'AuthZEN' | 'API keys';
  summary: string;
  description?: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  response: z.ZodType;
  status?: number;
  /** false: no API key needed (discovery). */
  auth?: boolean;
  /** newline-delimited JSON instead of one document */
  ndjson?: boolean;
};

const operations: Operation[] = [];

/** Declares an operation for the OpenAPI document. */
export function operation(op: Operation): void {
  operations.push(op);
}

export function allOperations(): readonly Operation[] {
  return operations;
}
