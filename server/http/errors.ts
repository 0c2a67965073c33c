/**
 * Typed API errors. Throw one anywhere; `renderError` turns it into the SPEC §1 envelope.
 * Messages are written for humans and never carry secrets or internals.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra fields rendered beside code and message (e.g. `details`, `retryAfter`). */
    readonly extra: Record<string, unknown> = {},
    /** Response headers that belong with the error (e.g. Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface FieldError {
  field: string;
  message: string;
}

export const unauthorized = (message = 'Missing Authorization header') => new ApiError(401, 'unauthorized', message);
export const forbidden = (message = 'You do not have access to this resource') => new ApiError(403, 'forbidden', message);
export const insufficientScope = (scope: string) =>
  new ApiError(403, 'insufficient_scope', `This API key requires the ${scope} scope`, { requiredScope: scope });
export const notFound = (message = 'Resource not found') => new ApiError(404, 'not_found', message);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
export const badRequest = (code: string, message: string) => new ApiError(400, code, message);
export const validationError = (details: FieldError[], message?: string) =>
  new ApiError(400, 'validation_error', message ?? summariseDetails(details), { details });

function summariseDetails(details: FieldError[]): string {
  const first = details[0];
  if (!first) return 'The request is invalid';
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
  return first.field ? `${first.field}: ${first.message}${more}` : `${first.message}${more}`;
}
