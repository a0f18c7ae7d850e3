/**
 * Route declarations (worker/routes/declare.ts): the response check that runs in development
 * and tests (worker/middleware/check-response.ts) and the request validation's error shape,
 * proven on a small app built the way worker/app.ts builds the real one.
 */
import { createRoute } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkResponses } from '../../../worker/middleware/check-response.ts';
import { declarations } from '../../../worker/middleware/declared.ts';
import { jsonBodies } from '../../../worker/middleware/json-body.ts';
import { onError } from '../../../worker/middleware/on-error.ts';
import { requestId } from '../../../worker/middleware/request-id.ts';
import { errors, json, ok, pathParams, routes } from '../../../worker/routes/declare.ts';
import type { AppEnv } from '../../../worker/env.ts';

const Task = z.object({ task: z.object({ id: z.string(), title: z.string() }) });
const getTask = createRoute({
  method: 'get',
  path: '/tasks/{id}',
  request: { params: pathParams('id') },
  responses: { 200: ok(Task), ...errors },
});
const renameTask = createRoute({
  method: 'patch',
  path: '/tasks/{id}',
  request: { params: pathParams('id'), body: json(z.object({ title: z.string().min(1) })) },
  responses: { 200: ok(Task), ...errors },
});

/** A handler that keeps its declaration, and two that break it (as a renamed field would). */
function app() {
  const root = routes<AppEnv>();
  const declared = declarations(root);
  root.use('*', requestId());
  root.use('*', checkResponses(declared));
  root.use('*', jsonBodies(declared));
  root.onError(onError);
  return root.route(
    '/',
    routes<AppEnv>()
      .openapi(getTask, (c) => {
        const id = c.req.param('id');
        if (id === 'renamed') return c.json({ task: { id, name: 'Load-in' } } as never, 200);
        if (id === 'created') return c.json({ task: { id, title: 'Load-in' } }, 201 as never);
        return c.json({ task: { id, title: 'Load-in' } }, 200);
      })
      .openapi(renameTask, (c) => c.json({ task: { id: c.req.param('id'), title: c.req.valid('json').title } }, 200)),
  );
}

const development = { LAMINATE_VALIDATE_RESPONSES: '1' } as never;
const production = {} as never;

describe('route declarations', () => {
  it('a handler answering as declared passes the response check', async () => {
    const response = await app().request('/tasks/t1', {}, development);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ task: { id: 't1', title: 'Load-in' } });
  });

  it('in development, a response that breaks its schema (a renamed field) fails: a 500, and the mismatch is named', async () => {
    const logged: string[] = [];
    const original = console.error;
    console.error = (message: string) => void logged.push(String(message));
    try {
      const response = await app().request('/tasks/renamed', {}, development);
      expect(response.status).toBe(500);
      expect(((await response.json()) as { code: string }).code).toBe('internal_error');
    } finally {
      console.error = original;
    }
    expect(logged[0]).toContain(
      'GET /tasks/{id} answered 200 with a body its declaration does not promise: `task.title`',
    );
  });

  it('in development, a status the declaration does not list fails', async () => {
    const original = console.error;
    console.error = () => {};
    try {
      expect((await app().request('/tasks/created', {}, development)).status).toBe(500);
    } finally {
      console.error = original;
    }
  });

  it('in production (no LAMINATE_VALIDATE_RESPONSES) the answer goes out unchecked', async () => {
    const response = await app().request('/tasks/renamed', {}, production);
    expect(response.status).toBe(200);
  });

  it('a body that breaks the declared request schema is a 400 { code, message, requestId, field } naming the field', async () => {
    const response = await app().request(
      '/tasks/t1',
      { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"title":""}' },
      development,
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ code: 'validation_error', field: 'title', requestId: expect.any(String) });
    expect(body.message).toMatch(/^field `title`: /);
  });

  it('a body that is not JSON is a 415, malformed JSON a 400 invalid_json, both in the error shape', async () => {
    const send = (contentType: string, body: string) =>
      app().request('/tasks/t1', { method: 'PATCH', headers: { 'content-type': contentType }, body }, development);
    const text = await send('text/plain', '{"title":"x"}');
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({ code: 'unsupported_media_type' });
    const broken = await send('application/json', '{"title":');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: 'invalid_json' });
  });
});
