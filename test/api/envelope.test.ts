import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRoute } from '../../server/http/route.js';
import { startApi, type TestApi } from '../helpers/api.js';

// Routes that exist only in this test app, to provoke each error path through the real pipeline.
const explode = defineRoute({
  method: 'get',
  path: '/test/explode',
  operationId: 'testExplode',
  summary: 'Throws an unexpected error',
  tag: 'Test',
  access: 'public',
  handler: async () => {
    throw new Error('SELECT secret FROM users WHERE password = "hunter2" — at /srv/app.ts:42');
  },
});
const echo = defineRoute({
  method: 'post',
  path: '/test/echo/{id}',
  operationId: 'testEcho',
  summary: 'Echoes a validated body',
  tag: 'Test',
  access: 'public',
  ids: { id: 'inv' },
  body: z.strictObject({ name: z.string().min(1), amount: z.number().int() }),
  handler: async ({ body, ids }) => ({ status: 201, data: { id: ids.id, ...body } }),
});

describe('the error envelope over real HTTP', () => {
  let api: TestApi;
  const logged: unknown[] = [];
  beforeAll(async () => {
    api = await startApi({ extraRoutes: [explode, echo], logError: (err) => logged.push(err) });
  });
  afterAll(() => api.close());

  it('answers an unknown route with 404 not_found', async () => {
    const res = await api.request('GET', '/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.json).toEqual({ success: false, error: { code: 'not_found', message: 'No route for GET /no-such-thing' } });
  });

  it('answers unknown non-API paths in the envelope too', async () => {
    const res = await api.request('GET', '/api/v2/anything');
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });

  it('rejects malformed JSON with 400 invalid_json', async () => {
    const res = await api.request('POST', '/test/echo/inv_1', { rawBody: '{"name": "x",', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ success: false, error: { code: 'invalid_json', message: 'The request body is not valid JSON' } });
  });

  it('rejects a body over 1 MB with 413 payload_too_large', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), amount: 1 });
    const res = await api.request('POST', '/test/echo/inv_1', { rawBody: big, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(res.json.success).toBe(false);
    expect(res.json.error.code).toBe('payload_too_large');
  });

  it('refuses a body nested deeper than 32 levels with 400 invalid_json, without a stack overflow', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const res = await api.request('POST', '/test/echo/inv_1', { rawBody: deep, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.json.error).toEqual({ code: 'invalid_json', message: 'The request body is nested more than 32 levels deep' });
  });

  it('refuses U+0000 in a body or query with a validation_error naming the field', async () => {
    const body = await api.request('POST', '/test/echo/inv_1', { body: { name: 'a\u0000b', amount: 1 } });
    expect(body.status).toBe(400);
    expect(body.json.error.code).toBe('validation_error');
    expect(body.json.error.details).toEqual([{ field: 'name', message: 'Must not contain the NUL character (U+0000)' }]);

    const query = await api.request('POST', '/test/echo/inv_1?metadata[k]=%00', { body: { name: 'a', amount: 1 } });
    expect(query.status).toBe(400);
    expect(query.json.error.details[0].field).toBe('metadata.k');
  });

  it('answers a body that does not match its Content-Encoding with 400, not 500', async () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const res = await api.request('POST', '/test/echo/inv_1', {
        rawBody: '{"name":"a","amount":1}',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
      });
      expect(res.status, encoding).toBe(400);
      expect(res.json.error.code, encoding).toBe('invalid_request');
    }
  });

  it('renders an unexpected exception as 500 internal_error without leaking internals', async () => {
    const res = await api.request('GET', '/test/explode');
    expect(res.status).toBe(500);
    expect(res.json).toEqual({
      success: false,
      error: { code: 'internal_error', message: 'Something went wrong on our side; the request was not completed' },
    });
    expect(res.text).not.toMatch(/SELECT|hunter2|app\.ts|at /);
    expect(logged.length).toBe(1);
  });

  it('lists every invalid field in a validation_error', async () => {
    const res = await api.request('POST', '/test/echo/inv_1', { body: { name: '', amount: 1.5, extra: true } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_error');
    const fields = res.json.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['amount', 'extra', 'name']);
  });

  it('treats an ID with the wrong prefix, or malformed, as 404', async () => {
    for (const id of ['cont_1', 'inv_0', 'inv_abc', 'inv_01', 'INV_1']) {
      const res = await api.request('POST', `/test/echo/${id}`, { body: { name: 'a', amount: 1 } });
      expect(res.status, id).toBe(404);
      expect(res.json.error).toEqual({ code: 'not_found', message: 'Invoice not found' });
    }
  });

  it('passes a valid request through with its status and the success envelope', async () => {
    const res = await api.request('POST', '/test/echo/inv_29', { body: { name: 'a', amount: 3 } });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ success: true, data: { id: 29, name: 'a', amount: 3 } });
  });

  it('asks for JSON when a body arrives with another content type', async () => {
    const res = await api.request('POST', '/test/echo/inv_1', { rawBody: 'name=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
    expect(res.json.error.code).toBe('unsupported_media_type');
  });

  it('serves /healthz', async () => {
    const res = await api.request('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ success: true, data: { status: 'ok' } });
  });
});
