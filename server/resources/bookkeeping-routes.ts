import type { RouteDef } from '../http/route.js';
import { accountRoutes } from './accounts/routes.js';
import { contactRoutes } from './contacts/routes.js';
import { invoiceRoutes } from './invoices/routes.js';
import { organisationRoutes } from './organisation/routes.js';
import { quoteRoutes } from './quotes/routes.js';
import { reportRoutes } from './reports/routes.js';
import { transactionRoutes } from './transactions/routes.js';

/** Every bookkeeping route (SPEC §5), registered in the route table as one list. */
export const bookkeepingRoutes: RouteDef[] = [...organisationRoutes, ...contactRoutes, ...accountRoutes, ...invoiceRoutes, ...transactionRoutes, ...quoteRoutes, ...reportRoutes];
