import { notFound } from './errors.js';

/**
 * Prefixed public IDs: `inv_29` is row 29 of invoices. A wrong prefix, a malformed number or a
 * row outside the caller's organisation/mode is the same 404 — never a hint that it exists.
 */
export const ID_PREFIXES = {
  organisation: 'org',
  user: 'usr',
  apiKey: 'key',
  contact: 'cont',
  invoice: 'inv',
  quote: 'quo',
  transaction: 'txn',
  account: 'acc',
  rule: 'rule',
  bankImport: 'imp',
  request: 'req',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;
export type IdPrefix = (typeof ID_PREFIXES)[IdKind];

export function formatId(prefix: IdPrefix, id: number): string {
  return `${prefix}_${id}`;
}

/** The row number inside `publicId`, or null when it is not a well-formed ID of this prefix. */
export function tryParseId(prefix: IdPrefix, publicId: unknown): number | null {
  if (typeof publicId !== 'string') return null;
  const match = /^([a-z]+)_([1-9][0-9]{0,14})$/.exec(publicId);
  if (!match || match[1] !== prefix) return null;
  const n = Number(match[2]);
  return Number.isSafeInteger(n) ? n : null;
}

/** Like tryParseId, but a bad ID is the resource's 404. */
export function parseId(prefix: IdPrefix, publicId: unknown, resourceName = 'Resource'): number {
  const id = tryParseId(prefix, publicId);
  if (id === null) throw notFound(`${resourceName} not found`);
  return id;
}

export function idPattern(prefix: IdPrefix): string {
  return `^${prefix}_[1-9][0-9]*$`;
}
