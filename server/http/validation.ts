import { z } from 'zod';
import { validationError, type FieldError } from './errors.js';

/** Every problem zod found, as `{field, message}` with a dotted field path (`lines.0.quantity`). */
export function fieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      // Name each unknown field, so a typo like `nmae` points at itself.
      return { field: [...(prefix ? [prefix] : []), ...path, ...issue.keys].join('.'), message: `Unknown field "${issue.keys.join('", "')}"` };
    }
    return { field: [...(prefix ? [prefix] : []), ...path].join('.'), message: issue.message };
  });
}

/** Parses `value` or throws a 400 validation_error listing every bad field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, prefix?: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(fieldErrors(result.error, prefix));
  return result.data;
}

/** `?page=&perPage=` with SPEC §1's bounds. */
export const paginationQuery = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1).describe('Page number, from 1'),
  perPage: z.coerce.number().int().min(1).max(100).default(25).describe('Items per page, 1–100'),
};

export interface Page {
  page: number;
  perPage: number;
}

export function pageMeta(page: Page, total: number) {
  return { page: page.page, perPage: page.perPage, total, totalPages: Math.ceil(total / page.perPage) };
}
