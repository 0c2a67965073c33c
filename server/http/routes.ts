import type { RouteDef } from './route.js';
import { authRoutes } from '../resources/auth/routes.js';
import { systemRoutes } from '../resources/system/routes.js';
import { apiKeyRoutes } from '../resources/api-keys/routes.js';
import { requestLogRoutes } from '../resources/request-log/routes.js';
import { bookkeepingRoutes } from '../resources/bookkeeping-routes.js';
import { categorisationRuleRoutes } from '../resources/categorisation-rules/routes.js';
import { bankImportRoutes } from '../resources/bank-imports/routes.js';

/**
 * The route table: every operation of the API, declared once. The router, scope checks,
 * validation, idempotency and the OpenAPI document are all generated from this list.
 */
export function allRoutes(openApiDocument: () => unknown): RouteDef[] {
  return [...systemRoutes(openApiDocument), ...authRoutes, ...apiKeyRoutes, ...requestLogRoutes, ...bookkeepingRoutes, ...categorisationRuleRoutes, ...bankImportRoutes];
}
