import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Security headers on every response (helmet), in two profiles:
 *
 * - API responses (`/api/…`, `/healthz`) are JSON that no browser should ever render, frame or run:
 *   `Content-Security-Policy: default-src 'none'; frame-ancestors 'none'` (OWASP's advice for
 *   REST APIs), so even a response a browser is tricked into rendering as HTML can load nothing.
 * - Pages (the demo site and anything else served beside the API) get a policy as strict as the
 *   shell allows:
 *   - `script-src 'self'`: no inline script, no eval — the pages load only /dist/dev-shell.js and
 *     /demo.js as files, and neither Lit nor the bundle evaluates strings.
 *   - `style-src 'self' 'unsafe-inline'`: xterm.js 6 writes its theme and cell dimensions into
 *     `<style>` elements it creates at run time (DomRenderer, Viewport), and Lit binds the panel's
 *     remembered height with a `style` attribute; neither can carry a nonce. Lit's own
 *     `static styles` are adopted constructable stylesheets and would not need it. Inline style
 *     cannot run code; it is the weakest part of the policy and the one the shell requires.
 *   - `connect-src 'self'`: the demo's shell talks to this origin only (other origins that call
 *     the API — CORS_ORIGINS — are pages elsewhere, governed by their own policy).
 *   - `img-src 'self' data:` (the `data:` favicon), `object-src 'none'`, `base-uri 'none'`,
 *     `form-action 'self'`, `frame-ancestors 'none'` (no clickjacking of the shell).
 *
 * Both profiles add helmet's other headers: nosniff, `X-Frame-Options: DENY`,
 * `Referrer-Policy: no-referrer` (URLs never leak to other sites), `Cross-Origin-Opener-Policy`,
 * `Cross-Origin-Resource-Policy: same-origin` (it does not apply to CORS requests, so allowed
 * origins still read API responses), HSTS (ignored by browsers over plain HTTP; honoured behind
 * TLS), `Origin-Agent-Cluster`, `X-DNS-Prefetch-Control: off`, `X-Permitted-Cross-Domain-Policies`.
 */

export const API_CONTENT_SECURITY_POLICY = {
  'default-src': ["'none'"],
  'frame-ancestors': ["'none'"],
} as const;

export const PAGE_CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const;

export interface SecurityHeadersOptions {
  /** Paths starting with any of these get the API profile; everything else the page profile. */
  apiPaths: readonly string[];
}

function profile(directives: Record<string, readonly string[]>): HelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: Object.fromEntries(Object.entries(directives).map(([k, v]) => [k, [...v]])) },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    // The API cannot know which sibling hosts serve HTTPS, so the policy covers this host only.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
    xFrameOptions: { action: 'deny' },
  };
}

/** The security-headers middleware for the whole app (mount it first, so errors carry them too). */
export function securityHeaders(options: SecurityHeadersOptions): RequestHandler {
  if (options.apiPaths.length === 0 || options.apiPaths.some((p) => !p.startsWith('/'))) {
    throw new TypeError('securityHeaders: apiPaths must be absolute path prefixes such as /api/v1');
  }
  const api = helmet(profile(API_CONTENT_SECURITY_POLICY));
  const page = helmet(profile(PAGE_CONTENT_SECURITY_POLICY));
  const isApi = (path: string) => options.apiPaths.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  return (req, res, next) => (isApi(req.path) ? api : page)(req, res, next);
}
