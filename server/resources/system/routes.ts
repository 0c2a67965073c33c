import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../http/route.js';

/** The OpenAPI document is built lazily from the full table, which includes this route. */
export function systemRoutes(openApiDocument: () => unknown): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      operationId: 'getOpenApiDocument',
      summary: 'This API’s OpenAPI 3.1 document',
      tag: 'System',
      access: 'public',
      raw: true,
      response: { schema: z.record(z.string(), z.unknown()) },
      handler: async () => ({ data: openApiDocument() }),
    }),
  ];
}
