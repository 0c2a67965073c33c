import { z } from 'zod';
import type { Tenant } from '../../auth/principal.js';
import { MAX_STATEMENT_ROWS, parseStatementCsv, StatementError, type ParsedStatement } from '../../bank-imports/csv.js';
import { confirmRows, previewImport } from '../../bank-imports/importing.js';
import { findAccount, findAccountBySystemKey } from '../../db/accounts.js';
import { claimBankImportConfirmation, findBankImport, insertBankImport, saveBankImportRows, type BankImportRow } from '../../db/bank-imports.js';
import type { DB } from '../../db/open.js';
import { findOrganisation } from '../../db/organisations.js';
import { withTransaction } from '../../db/transaction.js';
import { conflict, notFound, validationError } from '../../http/errors.js';
import { formatId } from '../../http/ids.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import { parseRef, refNotFound } from '../common-schemas.js';
import { isoNow } from '../responses.js';
import { bankImportResource, bankImportView, parseStoredRows, type StoredImportRow } from './view.js';

/**
 * Bank statement imports (SPEC §5): POST a CSV statement → a stored preview (nothing is booked);
 * confirm → the transactions are created and categorised by the rules, all in one transaction.
 */

const NOT_FOUND = 'Bank import not found';

const accountIdField = z.string().max(40).describe('The bank account (an asset account, acc_…) the statement belongs to; default: the Bank account');

/** A `text/csv` body arrives as a string: it is read as `{csv}` so both media types share one schema. */
const ImportBody = z.preprocess(
  (value) => (typeof value === 'string' ? { csv: value } : value),
  z.strictObject({
    csv: z.string().min(1, { message: 'must not be empty' }).describe('The statement as CSV text (a text/csv body is this field on its own)'),
    accountId: accountIdField.optional(),
  }),
);

/** Every problem in the file as `{field: 'csv', line, message}`: the message starts with the line. */
function statementErrorToValidation(err: StatementError) {
  const details = err.problems.map((p) => ({ field: 'csv', line: p.line, message: `Line ${p.line}: ${p.message}` }));
  const more = err.total - 1;
  const first = details[0]?.message ?? 'The statement could not be read';
  const message = more > 0 ? `${first} (and ${more} more ${more === 1 ? 'problem' : 'problems'}${err.total > details.length ? `; the first ${details.length} are listed` : ''})` : first;
  return validationError(details, message);
}

function parseStatement(csv: string): ParsedStatement {
  try {
    return parseStatementCsv(csv);
  } catch (err) {
    if (err instanceof StatementError) throw statementErrorToValidation(err);
    throw err;
  }
}

/** The named bank account (an asset account of this tenant), or the chart's Bank account. */
async function resolveBankAccount(db: DB, tenant: Tenant, publicId: string | undefined): Promise<number> {
  if (publicId === undefined) {
    const bank = await findAccountBySystemKey(db, tenant, 'bank');
    if (!bank) throw validationError([{ field: 'accountId', message: 'This organisation has no Bank account; name the bank account to import into' }]);
    return bank.id;
  }
  const account = await findAccount(db, tenant, parseRef('acc', publicId));
  if (!account) throw refNotFound('acc', publicId);
  // The same test as a transaction's bankAccountId: an asset account, but not Debtors.
  if (account.type !== 'asset' || account.system_key === 'debtors') {
    throw validationError([{ field: 'accountId', message: `Must be a bank (asset) account; ${account.code} ${account.name} is not` }]);
  }
  return account.id;
}

async function loadImport(db: DB, tenant: Tenant, id: number): Promise<BankImportRow> {
  const row = await findBankImport(db, tenant, id);
  if (!row) throw notFound(NOT_FOUND);
  return row;
}

export const bankImportRoutes: RouteDef[] = [
  defineRoute({
    method: 'post',
    path: '/bank-imports',
    operationId: 'createBankImport',
    summary: 'Upload a CSV bank statement and get a preview (nothing is booked until you confirm)',
    description:
      'Send the file as a `text/csv` body (bank account in `?accountId=`), or as JSON `{csv, accountId?}`. ' +
      'The header row is found by name (date/posted/transaction date; description/details/narrative/memo; amount/value, or ' +
      'debit/paid out/money out and credit/paid in/money in; reference/ref), up to 10 rows down; a file without one is read as ' +
      'date, description, amount, reference. Dates: YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY. Amounts: 1,234.56, -12.30, ' +
      `(12.30), £12.30. At most ${MAX_STATEMENT_ROWS.toLocaleString('en-GB')} rows and 5 MB. A bad file is a 400 validation_error ` +
      'whose details name each bad line (as a spreadsheet numbers rows). Each row is flagged when it duplicates an existing ' +
      'transaction of the bank account (same date, amount, description and reference) and shows the category the rules assign.',
    tag: 'Bank imports',
    access: 'principal',
    scope: 'bank-imports:write',
    status: 201,
    bodyTypes: ['text/csv', 'application/json'],
    query: z.strictObject({ accountId: accountIdField.optional() }),
    body: ImportBody,
    response: { resource: bankImportResource },
    handler: async ({ app, db, tenant, query, body }) => {
      if (query.accountId !== undefined && body.accountId !== undefined && query.accountId !== body.accountId) {
        throw validationError([{ field: 'accountId', message: 'Give the bank account once: in the query or in the body' }]);
      }
      const statement = parseStatement(body.csv);
      const bankAccountId = await resolveBankAccount(db, tenant, body.accountId ?? query.accountId);
      const organisation = await findOrganisation(db, tenant.organisationId);
      const currency = organisation?.base_currency ?? 'GBP';
      const preview = await previewImport(db, tenant, bankAccountId, statement.rows);
      const rows: StoredImportRow[] = preview.map((r) => ({ ...r, transactionId: null, categorised: false }));
      const id = await insertBankImport(db, tenant, {
        bankAccountId,
        currency,
        rowsJson: JSON.stringify(rows),
        rowCount: rows.length,
        createdAt: isoNow(app),
      });
      return {
        status: 201,
        data: bankImportView(await loadImport(db, tenant, id), rows),
        headers: { Location: `/api/v1/bank-imports/${formatId('imp', id)}` },
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/bank-imports/{id}',
    operationId: 'getBankImport',
    summary: 'Get a bank import: its preview, or once confirmed what it created',
    tag: 'Bank imports',
    access: 'principal',
    // The scope table has no bank-imports:read; write implies read.
    scope: 'bank-imports:write',
    ids: { id: 'imp' },
    response: { resource: bankImportResource },
    handler: async ({ db, tenant, ids }) => {
      const row = await loadImport(db, tenant, ids.id as number);
      return { data: bankImportView(row, parseStoredRows(row.rows)) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/bank-imports/{id}/confirm',
    operationId: 'confirmBankImport',
    summary: 'Create the transactions of a previewed import (skipping duplicates) and apply the rules, in one go',
    description:
      'Duplicates and rule matches are worked out again at confirmation, against the books and rules as they are then. ' +
      'A matched rule sets its contact and posts the transaction to its category account (a balanced journal entry). ' +
      'Confirming an import twice is a 409.',
    tag: 'Bank imports',
    access: 'principal',
    scope: 'bank-imports:write',
    ids: { id: 'imp' },
    response: { resource: bankImportResource },
    handler: async ({ app, db, tenant, ids }) => {
      const id = ids.id as number;
      const nowIso = isoNow(app);
      await withTransaction(db, async (trx) => {
        // The conditional update is the claim: a second (or concurrent) confirmation finds no preview.
        if (!(await claimBankImportConfirmation(trx, tenant, id, nowIso))) {
          const existing = await loadImport(trx, tenant, id);
          throw conflict(`This bank import was already confirmed at ${existing.confirmed_at ?? 'an earlier time'}`);
        }
        const row = await loadImport(trx, tenant, id);
        const bankAccount = await findAccount(trx, tenant, row.bank_account_id);
        if (!bankAccount) throw conflict(`The bank account ${formatId('acc', row.bank_account_id)} of this import no longer exists; upload the statement again`);
        // Today's base currency: the ledger only takes transactions in it.
        const currency = (await findOrganisation(trx, tenant.organisationId))?.base_currency ?? row.currency;
        const confirmed = await confirmRows(trx, tenant, {
          bankAccountId: row.bank_account_id,
          currency,
          rows: parseStoredRows(row.rows).map(({ line, date, description, amount, reference }) => ({ line, date, description, amount, reference })),
          nowIso,
        });
        await saveBankImportRows(trx, tenant, id, JSON.stringify(confirmed));
      });
      const row = await loadImport(db, tenant, id);
      return { data: bankImportView(row, parseStoredRows(row.rows)) };
    },
  }),
];
