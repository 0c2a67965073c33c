import { z } from 'zod';
import type { Resource } from '../../http/route.js';
import { currencySchema, optionalText, requiredText } from '../common-schemas.js';
import { AddressSchema, addressInput } from '../contacts/schemas.js';

export const organisationPatchBody = z
  .strictObject({
    name: requiredText(200),
    baseCurrency: currencySchema.describe('Fixed once either mode has ledger postings'),
    vatNumber: optionalText(50),
    address: addressInput.nullable(),
  })
  .partial();

export const OrganisationSchema = z
  .object({
    id: z.string().meta({ examples: ['org_1'] }),
    name: z.string(),
    baseCurrency: z.string().describe('ISO 4217; the currency of the ledger and the default for new records'),
    vatNumber: z.string().nullable(),
    address: AddressSchema.nullable(),
    createdAt: z.string(),
  })
  .describe('The caller’s organisation. Its settings are shared by live and test mode.');

export const OrganisationResource: Resource = { name: 'Organisation', prefix: 'org', schema: OrganisationSchema };
