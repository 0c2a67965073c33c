import { z } from 'zod';
import type { Tenant } from '../../auth/principal.js';
import { findAccountsByIds } from '../../db/accounts.js';
import type { NewDocumentLine } from '../../db/document-lines.js';
import type { DB } from '../../db/open.js';
import type { DocumentLinesColumns } from '../../db/schema.js';
import { validationError, type FieldError } from '../../http/errors.js';
import { formatId } from '../../http/ids.js';
import { lineAmounts, MAX_LINE_AMOUNT, MAX_LINES, QUANTITY_SCALE, TAX_RATE_SCALE, toScaled } from '../../ledger/amounts.js';
import { systemAccount } from '../../ledger/system-accounts.js';
import { parseRef, refNotFound, refSchema, requiredText } from '../common-schemas.js';

/** Lines of invoices and quotes: the same input, arithmetic and output for both. */

export const ROUNDING_NOTE =
  'Amounts are integers in minor units (pence). Each line: netAmount = quantity × unitPrice and taxAmount = netAmount × taxRate / 100, ' +
  'each rounded half-up (away from zero on the magnitude) to the minor unit, per line. Totals are sums of the line figures: ' +
  'subtotal = Σ netAmount, taxTotal = Σ taxAmount, total = subtotal + taxTotal.';

export const lineInput = z.strictObject({
  description: requiredText(500),
  quantity: z
    .number()
    .positive()
    .max(1_000_000)
    .refine((v) => toScaled(v, QUANTITY_SCALE) !== null, { message: 'Must have at most 4 decimal places' })
    .optional()
    .describe('Default 1; up to 4 decimal places'),
  unitPrice: z.number().int({ message: 'Must be a whole number of minor units (pence)' }).min(-MAX_LINE_AMOUNT).max(MAX_LINE_AMOUNT).describe('Minor units; negative for a discount line'),
  taxRate: z
    .number()
    .min(0)
    .max(100)
    .refine((v) => toScaled(v, TAX_RATE_SCALE) !== null, { message: 'Must have at most 2 decimal places' })
    .optional()
    .describe('Percent, e.g. 20 for standard-rate VAT; default 0'),
  accountId: refSchema('acc').optional().describe('The income account the line is posted to; default the Sales account (4000)'),
});

export const linesInput = z.array(lineInput).max(MAX_LINES, { message: `At most ${MAX_LINES} lines` });

export type LineInput = z.output<typeof lineInput>;

export const LineSchema = z.object({
  description: z.string(),
  quantity: z.number(),
  unitPrice: z.number().int(),
  taxRate: z.number(),
  accountId: z.string().meta({ examples: ['acc_13'] }),
  netAmount: z.number().int(),
  taxAmount: z.number().int(),
  totalAmount: z.number().int(),
});

/**
 * Turns request lines into stored lines: resolves and checks each account (it must be the
 * tenant's, and an income account), applies defaults and computes the amounts.
 */
export async function resolveLines(db: DB, tenant: Tenant, inputs: readonly LineInput[]): Promise<NewDocumentLine[]> {
  const wanted = inputs.map((line) => (line.accountId === undefined ? null : parseRef('acc', line.accountId)));
  const found = new Map((await findAccountsByIds(db, tenant, wanted.filter((id): id is number => id !== null))).map((a) => [a.id, a]));
  const defaultAccountId = inputs.some((line) => line.accountId === undefined) ? (await systemAccount(db, tenant, 'sales')).id : null;
  const errors: FieldError[] = [];
  const lines = inputs.map((input, i): NewDocumentLine => {
    const requested = wanted[i] ?? null;
    if (requested !== null) {
      const account = found.get(requested);
      if (!account) throw refNotFound('acc', input.accountId!);
      if (account.type !== 'income') {
        errors.push({ field: `lines.${i}.accountId`, message: `Must be an income account; ${account.code} ${account.name} is ${account.type === 'asset' ? 'an' : 'a'} ${account.type} account` });
      }
    }
    const quantityE4 = toScaled(input.quantity ?? 1, QUANTITY_SCALE)!;
    const taxRateBp = toScaled(input.taxRate ?? 0, TAX_RATE_SCALE)!;
    const amounts = lineAmounts({ quantityE4, unitPrice: input.unitPrice, taxRateBp });
    if (Math.abs(amounts.netAmount) > MAX_LINE_AMOUNT) {
      errors.push({ field: `lines.${i}.unitPrice`, message: `quantity × unitPrice must stay within ±${MAX_LINE_AMOUNT} minor units` });
    }
    return {
      description: input.description,
      quantity_e4: quantityE4,
      unit_price: input.unitPrice,
      tax_rate_bp: taxRateBp,
      account_id: requested ?? defaultAccountId!,
      net_amount: amounts.netAmount,
      tax_amount: amounts.taxAmount,
    };
  });
  if (errors.length) throw validationError(errors);
  return lines;
}

type StoredLine = Pick<DocumentLinesColumns, 'description' | 'quantity_e4' | 'unit_price' | 'tax_rate_bp' | 'account_id' | 'net_amount' | 'tax_amount'>;

export function lineView(line: StoredLine): z.infer<typeof LineSchema> {
  return {
    description: line.description,
    quantity: line.quantity_e4 / QUANTITY_SCALE,
    unitPrice: line.unit_price,
    taxRate: line.tax_rate_bp / TAX_RATE_SCALE,
    accountId: formatId('acc', line.account_id),
    netAmount: line.net_amount,
    taxAmount: line.tax_amount,
    totalAmount: line.net_amount + line.tax_amount,
  };
}

/** The same line in request form (a quote's lines become its invoice's): its view without the computed amounts. */
export function lineAsInput(line: StoredLine): LineInput {
  const { netAmount, taxAmount, totalAmount, ...input } = lineView(line);
  return input;
}
