import type { Request, RequestHandler } from 'express';

export interface CorsOptions {
  /** Origins besides the server's own that may call the API (`CORS_ORIGINS`), e.g. `https://app.example.com`. */
  origins: readonly string[];
  /** How long a browser may cache a preflight answer, in seconds. */
  maxAgeSeconds?: number;
}

/** What `<dev-shell>` (or any client) sends: credentials, idempotency, a JSON body, the mode switch. */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'X-API-Key', 'Idempotency-Key', 'Content-Type', 'X-Mode'] as const;
export const CORS_ALLOWED_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** Response headers a cross-origin script may read beyond the CORS-safelisted ones. */
export const CORS_EXPOSED_HEADERS = [
  'Idempotent-Replayed',
  'Retry-After',
  'RateLimit',
  'RateLimit-Policy',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Location',
] as const;

function assertBareOrigin(origin: string): void {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    throw new TypeError(`cors: "${origin}" is not an origin`);
  }
  if (parsed.origin !== origin) throw new TypeError(`cors: "${origin}" must be a bare origin such as https://example.com`);
}

/** The origin this request was addressed to; `req.protocol` honours `trust proxy`. */
function ownOrigin(req: Request): string | null {
  const host = req.get('host');
  return host ? `${req.protocol}://${host}` : null;
}

/**
 * CORS for the API. Credentials travel in headers (never cookies), so no
 * `Access-Control-Allow-Credentials`. An origin not on the list gets no CORS headers at all — the
 * browser then withholds the response from the calling page — and its preflight is answered
 * without them so that nothing further runs.
 */
export function cors(options: CorsOptions): RequestHandler {
  for (const origin of options.origins) assertBareOrigin(origin);
  const allowed = new Set(options.origins);
  const maxAge = String(options.maxAgeSeconds ?? 600);
  const allowMethods = CORS_ALLOWED_METHODS.join(', ');
  const allowHeaders = CORS_ALLOWED_HEADERS.join(', ');
  const exposeHeaders = CORS_EXPOSED_HEADERS.join(', ');

  return (req, res, next) => {
    // The answer depends on Origin, so caches must key on it even when it is absent.
    res.vary('Origin');
    const origin = req.get('origin');
    const isPreflight = req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined;
    if (origin === undefined) {
      next();
      return;
    }
    const permitted = allowed.has(origin) || origin === ownOrigin(req);
    if (permitted) res.setHeader('Access-Control-Allow-Origin', origin);
    if (isPreflight) {
      if (permitted) {
        res.setHeader('Access-Control-Allow-Methods', allowMethods);
        res.setHeader('Access-Control-Allow-Headers', allowHeaders);
        res.setHeader('Access-Control-Max-Age', maxAge);
      }
      res.status(204).end();
      return;
    }
    if (permitted) res.setHeader('Access-Control-Expose-Headers', exposeHeaders);
    next();
  };
}
