import { z } from 'zod';
import { idPattern } from './ids.js';
import { acceptsIdempotencyKey, requiredScopes, type Resource, type RouteDef } from './route.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['success', 'error'],
  properties: {
    success: { const: false },
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Machine-readable, lower snake_case' },
        message: { type: 'string', description: 'A human sentence' },
        details: {
          type: 'array',
          items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};

const PAGE_META_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['page', 'perPage', 'total', 'totalPages'],
  properties: {
    page: { type: 'integer' },
    perPage: { type: 'integer' },
    total: { type: 'integer' },
    totalPages: { type: 'integer' },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function queryParameters(query: z.ZodType): JsonSchema[] {
  const schema = jsonSchema(query, 'input');
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, propSchema]) => {
    const { description, ...rest } = propSchema;
    const isObject = rest.type === 'object';
    return {
      name,
      in: 'query',
      required: required.has(name),
      ...(description ? { description } : {}),
      // `?metadata[key]=value` is OpenAPI's deepObject style.
      ...(isObject ? { style: 'deepObject', explode: true } : {}),
      schema: rest,
    };
  });
}

function pathParameters(route: RouteDef): JsonSchema[] {
  return [...route.path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => {
    const name = m[1] as string;
    const prefix = route.ids?.[name];
    return {
      name,
      in: 'path',
      required: true,
      schema: prefix ? { type: 'string', pattern: idPattern(prefix), examples: [`${prefix}_1`] } : { type: 'string' },
    };
  });
}

function successSchema(route: RouteDef): JsonSchema {
  let data: JsonSchema = {};
  const response = route.response;
  if (response && 'resource' in response) {
    const ref = { $ref: `#/components/schemas/${response.resource.name}` };
    data = response.list ? { type: 'array', items: ref } : ref;
  } else if (response) {
    data = jsonSchema(response.schema, 'output');
  }
  if (route.raw) return data;
  const list = Boolean(response && 'resource' in response && response.list);
  return {
    type: 'object',
    required: list ? ['success', 'data', 'meta'] : ['success', 'data'],
    properties: { success: { const: true }, data, ...(list ? { meta: { $ref: '#/components/schemas/PageMeta' } } : {}) },
  };
}

function security(route: RouteDef): Array<Record<string, string[]>> {
  if (route.access === 'public') return [];
  if (route.access === 'user') return [{ bearerAuth: [] }];
  return [{ apiKey: [] }, { bearerAuth: [] }];
}

/** Declared so clients (the shell among them) know they may send one; SPEC §3. */
const IDEMPOTENCY_KEY_PARAMETER: JsonSchema = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'Makes a retry safe: the first response is stored for 24 hours and replayed for the same key, method, path and body.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};

function operation(route: RouteDef): JsonSchema {
  const parameters = [
    ...pathParameters(route),
    ...(route.query ? queryParameters(route.query) : []),
    ...(acceptsIdempotencyKey(route) ? [IDEMPOTENCY_KEY_PARAMETER] : []),
  ];
  const responses: JsonSchema = {
    [String(route.status ?? 200)]: { description: 'Success', content: { 'application/json': { schema: successSchema(route) } } },
    '400': errorResponse('Invalid request (validation_error, invalid_json)'),
  };
  if (route.access !== 'public') {
    responses['401'] = errorResponse('Missing or invalid credentials');
    responses['403'] = errorResponse('Forbidden or insufficient scope');
  }
  if (route.ids) responses['404'] = errorResponse('Not found');
  const op: JsonSchema = {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: security(route),
    ...(route.access === 'principal' ? { 'x-required-scope': route.scope } : {}),
    ...(route.access === 'principal' && route.alsoRequires?.length ? { 'x-required-scopes': requiredScopes(route) } : {}),
    ...(route.access === 'user' ? { 'x-required-scope': 'user-session' } : {}),
    ...(parameters.length ? { parameters } : {}),
    responses,
  };
  if (route.body) {
    const content: JsonSchema = {};
    for (const type of route.bodyTypes ?? ['application/json']) {
      content[type] = type === 'text/csv' ? { schema: { type: 'string' } } : { schema: jsonSchema(route.body, 'input') };
    }
    op.requestBody = { required: true, content };
  }
  return op;
}

/** The OpenAPI 3.1 document, generated from the same table the router is built from. */
export function buildOpenApiDocument(routes: readonly RouteDef[], info: { title: string; version: string; description?: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const resources = new Map<string, Resource>();
  for (const route of routes) {
    (paths[route.path] ??= {})[route.method] = operation(route);
    if (route.response && 'resource' in route.response) resources.set(route.response.resource.name, route.response.resource);
  }
  const schemas: Record<string, JsonSchema> = { Error: ERROR_SCHEMA, PageMeta: PAGE_META_SCHEMA };
  for (const resource of [...resources.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    schemas[resource.name] = { ...jsonSchema(resource.schema, 'output'), 'x-id-prefix': resource.prefix };
  }
  const tags = [...new Set(routes.map((r) => r.tag))].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/api/v1' }],
    tags,
    paths,
    components: {
      schemas,
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'sk_live_… or sk_test_…' },
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A user access token from /auth/login' },
      },
    },
  };
}
