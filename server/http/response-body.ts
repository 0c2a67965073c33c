import type { ApiError } from './errors.js';
import type { HandlerResult, RouteDef } from './route.js';

/**
 * The exact bytes of a response body. Rendered once, here, so that a replayed idempotent
 * response is byte-identical to the original and both match what `res.json` would send.
 */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function successBody(route: Pick<RouteDef, 'raw'>, result: HandlerResult): string {
  if (route.raw) return JSON.stringify(result.data);
  return JSON.stringify(result.meta ? { success: true, data: result.data, meta: result.meta } : { success: true, data: result.data });
}

/** SPEC §1's error envelope — the same shape the error handler renders. */
export function errorBody(error: ApiError): string {
  return JSON.stringify({ success: false, error: { code: error.code, message: error.message, ...error.extra } });
}

/** A header of the handler's result, looked up without regard to case (`Location`). */
export function resultHeader(result: HandlerResult, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(result.headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return null;
}
