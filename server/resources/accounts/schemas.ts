import { z } from 'zod';
import type { Resource } from '../../http/route.js';
import { optionalText, requiredText } from '../common-schemas.js';

export const ACCOUNT_TYPES = ['asset', 'liability', 'equity', 'income', 'expense'] as const;

const accountFields = {
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,9}$/, { message: 'Must be 1–10 letters, digits, dots or dashes, such as 4010' })
    .describe('Unique within the organisation, e.g. 4010'),
  name: requiredText(100),
  type: z.enum(ACCOUNT_TYPES),
  description: optionalText(500),
};

/** POST and PUT: code, name and type are required. */
export const accountBody = z.strictObject(accountFields);
export const accountPatchBody = z.strictObject(accountFields).partial();

export const AccountSchema = z
  .object({
    id: z.string().meta({ examples: ['acc_1'] }),
    code: z.string(),
    name: z.string(),
    type: z.enum(ACCOUNT_TYPES),
    description: z.string().nullable(),
    systemKey: z
      .string()
      .nullable()
      .describe('Set on the accounts postings use (bank, debtors, creditors, vat, sales, equity, retained_earnings); those cannot be deleted'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .describe('An account in the chart of accounts');

export const AccountResource: Resource = { name: 'Account', prefix: 'acc', schema: AccountSchema };
