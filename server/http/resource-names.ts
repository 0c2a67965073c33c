import type { IdPrefix } from './ids.js';

const NAMES: Record<IdPrefix, string> = {
  org: 'Organisation',
  usr: 'User',
  key: 'API key',
  cont: 'Contact',
  inv: 'Invoice',
  quo: 'Quote',
  txn: 'Transaction',
  acc: 'Account',
  rule: 'Categorisation rule',
  imp: 'Bank import',
  req: 'Request',
};

/** "Invoice", for messages like "Invoice not found". */
export function resourceNameForPrefix(prefix: IdPrefix): string {
  return NAMES[prefix];
}
