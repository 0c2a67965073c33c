import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ApiError, notFound } from './errors.js';
import { isDatabaseUnavailable } from '../db/errors.js';

function formatLimit(limit: unknown): string {
  if (typeof limit !== 'number') return 'size';
  return limit >= 1024 * 1024 ? `${Math.round(limit / (1024 * 1024))} MB` : `${Math.round(limit / 1024)} kB`;
}

/** body-parser's errors carry a `type`; map the ones a client can cause to their envelope. */
function fromBodyParser(err: { type?: unknown; code?: unknown; limit?: unknown }): ApiError | null {
  // A body whose Content-Encoding (gzip/deflate/br) does not match its bytes fails inside zlib,
  // before body-parser can label the error.
  // zlib codes are Z_*; brotli's are ERR__ERROR_* / ERR_BROTLI_*.
  if (typeof err.code === 'string' && /^(Z_|ERR__ERROR_|ERR_BROTLI)/.test(err.code)) {
    return new ApiError(400, 'invalid_request', 'The request body could not be decoded with its Content-Encoding');
  }
  switch (err.type) {
    case 'entity.parse.failed':
      return new ApiError(400, 'invalid_json', 'The request body is not valid JSON');
    case 'entity.too.large':
      return new ApiError(413, 'payload_too_large', `The request body is larger than the ${formatLimit(err.limit)} limit`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(415, 'unsupported_media_type', 'Send the request body as UTF-8');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new ApiError(400, 'invalid_request', 'The request body could not be read');
    default:
      return null;
  }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err && typeof err === 'object') {
    const mapped = fromBodyParser(err as { type?: unknown; code?: unknown; limit?: unknown });
    if (mapped) return mapped;
  }
  if (isDatabaseUnavailable(err)) {
    return new ApiError(503, 'service_unavailable', 'The service is temporarily unavailable; retry shortly', {}, { 'Retry-After': '5' });
  }
  return new ApiError(500, 'internal_error', 'Something went wrong on our side; the request was not completed');
}

export interface ErrorLogger {
  (err: unknown, context: { method: string; path: string }): void;
}

/** Only the method and path are logged: headers and bodies may hold keys and passwords. */
export const logToStderr: ErrorLogger = (err, context) => {
  // An outage fails every request the same way: one line each, not a stack trace each.
  const detail = isDatabaseUnavailable(err)
    ? `database unavailable (${(err as { code?: string }).code ?? (err as Error).message})`
    : err instanceof Error
      ? (err.stack ?? err.message)
      : String(err);
  process.stderr.write(`[devshell] ${context.method} ${context.path} failed: ${detail}\n`);
};

/** The one place an error becomes a response: the SPEC §1 envelope, never a stack trace. */
export function errorHandler(log: ErrorLogger = logToStderr): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const apiError = toApiError(err);
    if (apiError.status >= 500) log(err, { method: req.method, path: req.path });
    res.locals.error = apiError;
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(apiError.headers)) res.setHeader(name, value);
    res.status(apiError.status).json({
      success: false,
      error: { code: apiError.code, message: apiError.message, ...apiError.extra },
    });
  };
}

export const routeNotFound: RequestHandler = (req, _res, next) => {
  next(notFound(`No route for ${req.method} ${req.path}`));
};
