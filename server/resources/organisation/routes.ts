import type { z } from 'zod';
import { findOrganisation, updateOrganisation, type OrganisationRow } from '../../db/organisations.js';
import { tenantHasPostings } from '../../db/journal.js';
import { withTransaction } from '../../db/transaction.js';
import { conflict, notFound } from '../../http/errors.js';
import { formatId } from '../../http/ids.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import { addressValue } from '../contacts/schemas.js';
import { parseAddress } from '../contacts/view.js';
import { organisationPatchBody, OrganisationResource, type OrganisationSchema } from './schemas.js';

function organisationView(row: OrganisationRow): z.infer<typeof OrganisationSchema> {
  return {
    id: formatId('org', row.id),
    name: row.name,
    baseCurrency: row.base_currency,
    vatNumber: row.vat_number,
    address: parseAddress(row.address),
    createdAt: row.created_at,
  };
}

const common = { path: '/organisation', tag: 'Organisation', access: 'principal' as const, response: { resource: OrganisationResource } };

export const organisationRoutes: RouteDef[] = [
  defineRoute({
    ...common,
    method: 'get',
    operationId: 'getOrganisation',
    summary: 'The caller’s organisation',
    scope: 'organisation:read',
    handler: async ({ db, tenant }) => {
      const row = await findOrganisation(db, tenant.organisationId);
      if (!row) throw notFound('Organisation not found');
      return { data: organisationView(row) };
    },
  }),
  defineRoute({
    ...common,
    method: 'patch',
    operationId: 'updateOrganisation',
    summary: 'Update the organisation’s name, base currency, VAT number or address',
    description: 'Settings are shared by live and test mode. The base currency cannot change once either mode has ledger postings (409).',
    scope: 'organisation:write',
    body: organisationPatchBody,
    handler: async ({ db, tenant, body }) => {
      const row = await withTransaction(db, async (trx) => {
        const existing = await findOrganisation(trx, tenant.organisationId);
        if (!existing) throw notFound('Organisation not found');
        if (body.baseCurrency !== undefined && body.baseCurrency !== existing.base_currency) {
          const posted = (await tenantHasPostings(trx, { organisationId: existing.id, mode: 'live' })) || (await tenantHasPostings(trx, { organisationId: existing.id, mode: 'test' }));
          if (posted) throw conflict(`The base currency cannot change from ${existing.base_currency}: the ledger already has postings in it`);
        }
        await updateOrganisation(trx, existing.id, {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.baseCurrency !== undefined ? { base_currency: body.baseCurrency } : {}),
          ...(body.vatNumber !== undefined ? { vat_number: body.vatNumber } : {}),
          ...(body.address !== undefined ? { address: body.address ? JSON.stringify(addressValue(body.address)) : null } : {}),
        });
        return (await findOrganisation(trx, existing.id))!;
      });
      return { data: organisationView(row) };
    },
  }),
];
