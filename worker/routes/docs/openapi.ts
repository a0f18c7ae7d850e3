/**
 * The OpenAPI 3.1 document, generated from the zod schemas each route declares (registry.ts)
 * with zod 4's `z.toJSONSchema`: named schemas (`.meta({ id })`) become components, so the
 * document cannot drift from the validation.
 */
import { z } from 'zod';
import { version } from '../../../package.json';
import { allOperations, type Operation } from './registry.ts';

type Json = Record<string, unknown>;
const uri = (id: string) => `#/components/schemas/${id}`;

function schemaOf(schema: z.ZodType, components: Json, io: 'input' | 'output'): Json {
  // single-schema output points named schemas at `#/$defs/<id>`: move them to components
  const text = JSON.stringify(z.toJSONSchema(schema, { io, unrepresentable: 'any' })).replaceAll(
    '"#/$defs/',
    `"${uri('')}`,
  );
  const json = JSON.parse(text) as Json;
  const defs = (json.$defs ?? {}) as Json;
  delete json.$defs;
  delete json.$schema;
  for (const [id, def] of Object.entries(defs)) components[id] ??= def;
  const id = z.globalRegistry.get(schema)?.id;
  if (id) {
    components[id] ??= json;
    return { $ref: uri(id) };
  }
  return json;
}

function parameters(op: Operation, components: Json): Json[] {
  const path = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = op.query
    ? Object.entries(op.query.shape).map(([name, s]) => ({
        name,
        in: 'query',
        required: !(s as z.ZodType).safeParse(undefined).success,
        schema: schemaOf(s as z.ZodType, components, 'input'),
      }))
    : [];
  return [...path, ...query];
}

const errorResponse = { description: 'error', content: { 'application/json': { schema: { $ref: uri('Error') } } } };

export function openApiDocument(origin: string): Json {
  const components: Json = {
    Error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        requestId: { type: 'string' },
        field: { type: 'string' },
      },
      required: ['code', 'message', 'requestId'],
    },
  };
  const paths: Record<string, Json> = {};
  for (const op of allOperations()) {
    const status = String(op.status ?? 200);
    const content = op.ndjson ? 'application/x-ndjson' : 'application/json';
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(op.auth === false ? { security: [] } : {}),
      parameters: parameters(op, components),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schemaOf(op.body, components, 'input') } },
            },
          }
        : {}),
      responses: {
        [status]:
          status === '204'
            ? { description: 'done' }
            : {
                description: 'success',
                content: { [content]: { schema: schemaOf(op.response, components, 'output') } },
              },
        '400': errorResponse,
        ...(op.auth === false ? {} : { '401': errorResponse, '403': errorResponse, '429': errorResponse }),
        '404': errorResponse,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Laminate edge API',
      version,
      description: 'OpenFGA-compatible authorization API and AuthZEN 1.0. Send `Authorization: Bearer <API key>`.',
    },
    servers: [{ url: origin }],
    security: [{ bearer: [] }],
    paths,
    components: { schemas: components, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  };
}
