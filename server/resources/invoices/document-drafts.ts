import type { Tenant } from '../../auth/principal.js';
import { replaceDocumentLines, type DocumentKind, type NewDocumentLine } from '../../db/document-lines.js';
import { replaceMetadataEntries } from '../../db/metadata.js';
import type { DB } from '../../db/open.js';
import { validationError } from '../../http/errors.js';
import { documentTotals } from '../../ledger/amounts.js';
import { addDays, currencySchema, dateSchema, optionalText, refSchema, todayIso } from '../common-schemas.js';
import { mergeMetadataOrThrow, metadataPatchSchema, parseStoredMetadata, type MetadataPatch } from '../metadata.js';
import { baseCurrency } from '../organisation/base-currency.js';
import { linesInput, resolveLines, type LineInput } from './lines.js';

/**
 * What drafts of invoices and quotes share (a quote is an invoice that does not post): their body
 * fields, date defaults, priced lines and the edits a PUT or PATCH makes. They differ in their
 * second date, an invoice's due date and a quote's expiry date.
 */

export type SecondDateField = 'dueDate' | 'expiryDate';

/** What a create, PUT or PATCH may say about a draft, besides its second date. */
export interface DraftInput {
  contactId?: string;
  issueDate?: string;
  currency?: string;
  reference?: string | null;
  notes?: string | null;
  lines?: LineInput[];
  metadata?: MetadataPatch;
}

/** The body fields of a draft, in the order the API documents them, its second date named `secondDate`. */
export function draftBodyFields<F extends SecondDateField>(secondDate: F) {
  const secondDateSchema = dateSchema.optional().describe('Default 30 days after the issue date; not before it');
  return {
    contactId: refSchema('cont'),
    issueDate: dateSchema.optional().describe('Default today'),
    // A computed key's type widens to string; the record type keeps the field's name.
    ...({ [secondDate]: secondDateSchema } as Record<F, typeof secondDateSchema>),
    currency: currencySchema.optional().describe("Default the organisation's base currency"),
    reference: optionalText(100),
    notes: optionalText(2000),
    lines: linesInput.optional(),
    metadata: metadataPatchSchema.optional(),
  };
}

/**
 * A draft's issue date and second date: as given; else, on create and PUT (nothing `stored`),
 * today and 30 days after the issue date; else (PATCH) as stored. The second date must not be
 * before the issue date (400 on `secondDateField`).
 */
export function draftDates(
  secondDateField: SecondDateField,
  given: { issueDate: string | undefined; secondDate: string | undefined },
  stored: { issueDate: string; secondDate: string } | null,
  nowMs: number,
): { issueDate: string; secondDate: string } {
  const issueDate = given.issueDate ?? (stored ? stored.issueDate : todayIso(nowMs));
  const secondDate = given.secondDate ?? (stored ? stored.secondDate : addDays(issueDate, 30));
  if (secondDate < issueDate) throw validationError([{ field: secondDateField, message: `Must not be before the issue date (${issueDate})` }]);
  return { issueDate, secondDate };
}

/** Request lines resolved and priced (see resolveLines), and the document totals they add up to. */
export async function priceLines(
  db: DB,
  tenant: Tenant,
  inputs: readonly LineInput[],
): Promise<{ lines: NewDocumentLine[]; totals: { subtotal: number; tax_total: number; total: number } }> {
  const lines = await resolveLines(db, tenant, inputs);
  const totals = documentTotals(lines.map((l) => ({ netAmount: l.net_amount, taxAmount: l.tax_amount })));
  return { lines, totals: { subtotal: totals.subtotal, tax_total: totals.taxTotal, total: totals.total } };
}

/** The columns a PUT or PATCH of a draft changes besides its contact and dates. */
export interface DraftContentChanges {
  currency?: string;
  reference?: string | null;
  notes?: string | null;
  subtotal?: number;
  tax_total?: number;
  total?: number;
  metadata?: string;
}

/**
 * PUT (`replace`) and PATCH of a draft's currency, reference, notes, lines and metadata. PUT resets
 * what it leaves out to the create defaults (except metadata, which always merges); PATCH changes
 * only what it names. Rewrites the draft's lines and metadata entries; returns its column changes.
 */
export async function editDraftContent(
  trx: DB,
  tenant: Tenant,
  kind: DocumentKind,
  draft: { id: number; metadata: string },
  input: DraftInput,
  replace: boolean,
): Promise<DraftContentChanges> {
  const changes: DraftContentChanges = {};
  if (input.currency !== undefined || replace) changes.currency = input.currency ?? (await baseCurrency(trx, tenant));
  if (input.reference !== undefined || replace) changes.reference = input.reference ?? null;
  if (input.notes !== undefined || replace) changes.notes = input.notes ?? null;
  if (input.lines !== undefined || replace) {
    const { lines, totals } = await priceLines(trx, tenant, input.lines ?? []);
    Object.assign(changes, totals);
    await replaceDocumentLines(trx, tenant, kind, draft.id, lines);
  }
  if (input.metadata !== undefined) {
    const metadata = mergeMetadataOrThrow(parseStoredMetadata(draft.metadata), input.metadata);
    changes.metadata = JSON.stringify(metadata);
    await replaceMetadataEntries(trx, tenant, kind, draft.id, metadata);
  }
  return changes;
}
