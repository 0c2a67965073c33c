import type { RouteDef } from './route.js';
import { authRoutes } from '../resources/auth/routes.js';
import { systemRoutes } from '../resources/system/routes.js';

/**
 * The route table: every operation of the API, declared once. The router, scope checks,
 * validation, idempotency and the OpenAPI document are all generated from this list.
 */
export function allRoutes(openApiDocument: () => unknown): RouteDef[] {
  return [...systemRoutes(openApiDocument), ...authRoutes];
}
