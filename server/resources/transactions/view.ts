import type { z } from 'zod';
import type { TransactionRow } from '../../db/transactions.js';
import { formatId } from '../../http/ids.js';
import { parseStoredMetadata } from '../metadata.js';
import type { TransactionSchema } from './schemas.js';

export function transactionView(row: TransactionRow): z.infer<typeof TransactionSchema> {
  return {
    id: formatId('txn', row.id),
    date: row.date,
    description: row.description,
    amount: row.amount,
    currency: row.currency,
    reference: row.reference,
    contactId: row.contact_id === null ? null : formatId('cont', row.contact_id),
    accountId: row.account_id === null ? null : formatId('acc', row.account_id),
    bankAccountId: formatId('acc', row.bank_account_id),
    status: row.status,
    metadata: parseStoredMetadata(row.metadata),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
