import { z } from 'zod';
import { notFound } from '../http/errors.js';
import { tryParseId, type IdPrefix } from '../http/ids.js';
import { resourceNameForPrefix } from '../http/resource-names.js';

/** Field schemas shared by the bookkeeping resources. */

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 does not). */
export const dateSchema = z.iso.date({ message: 'Must be a date like 2026-01-31' }).meta({ examples: ['2026-01-31'] });

/** The ISO 4217 codes the runtime's ICU data knows (Node ships full ICU). */
const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));

/** ISO 4217 code, upper-cased on the way in. */
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .pipe(z.string().refine((code) => ISO_4217.has(code), { message: 'Must be an ISO 4217 currency code such as GBP' }))
  .meta({ examples: ['GBP'] });

/** Optional free text: absent keeps (PATCH) or clears (PUT), null clears, blank reads as null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `Must be at most ${max} characters` })
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

export const requiredText = (max: number) => z.string().trim().min(1, { message: 'Must not be empty' }).max(max, { message: `Must be at most ${max} characters` });

/** A prefixed ID in a request body (`contactId: "cont_3"`); resolved and tenant-checked by the handler. */
export const refSchema = (prefix: IdPrefix) =>
  z
    .string()
    .max(40, { message: 'Must be an ID' })
    .meta({ examples: [`${prefix}_1`], description: `A ${resourceNameForPrefix(prefix).toLowerCase()} ID (${prefix}_…)` });

/**
 * The row number inside a body reference. A wrong prefix is the same 404 as a missing or foreign
 * record (SPEC §1), and the message names the ID the caller sent so they can tell which field.
 */
export function parseRef(prefix: IdPrefix, publicId: string): number {
  const id = tryParseId(prefix, publicId);
  if (id === null) throw refNotFound(prefix, publicId);
  return id;
}

export function refNotFound(prefix: IdPrefix, publicId: string) {
  return notFound(`${resourceNameForPrefix(prefix)} ${publicId} not found`);
}

/** Dates in the organisation's calendar are UTC dates: the service has no per-organisation time zone. */
export function todayIso(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}
