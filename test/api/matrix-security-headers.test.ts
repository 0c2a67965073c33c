import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type TestApi, type TestResponse } from '../helpers/api.js';
import { callRoute, label, unusedIds } from './matrix-support/route-probes.js';

/**
 * Security headers (server/http/security-headers.ts) on every response: every route of the table,
 * errors the router never reaches (404, invalid JSON, oversized bodies), the health check, and
 * the demo pages with their stricter-than-usual Content-Security-Policy.
 */

function policy(res: TestResponse): Record<string, string[]> {
  const header = res.headers.get('content-security-policy') ?? '';
  return Object.fromEntries(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name as string, values]),
  );
}

/** Headers every response carries, API or page. */
function commonHeaders(res: TestResponse) {
  return {
    nosniff: res.headers.get('x-content-type-options'),
    frameOptions: res.headers.get('x-frame-options'),
    referrer: res.headers.get('referrer-policy'),
    corp: res.headers.get('cross-origin-resource-policy'),
    coop: res.headers.get('cross-origin-opener-policy'),
    hsts: res.headers.get('strict-transport-security'),
    poweredBy: res.headers.get('x-powered-by'),
  };
}

const COMMON = {
  nosniff: 'nosniff',
  frameOptions: 'DENY',
  referrer: 'no-referrer',
  corp: 'same-origin',
  coop: 'same-origin',
  hsts: 'max-age=31536000',
  poweredBy: null,
};

const API_POLICY = { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] };

describe('security headers', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ demo: { apiKey: null } });
  });
  afterAll(() => api.close());

  /** A non-API path (the test helper prefixes everything else with /api/v1). */
  const page = async (path: string): Promise<TestResponse> => {
    const res = await fetch(api.url + path);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: undefined };
  };

  it('are on the response of every route in the table, with the API policy (nothing may load, nothing may frame)', async () => {
    const actual = await Promise.all(
      api.routes.map(async (route) => {
        const res = await callRoute(api, route, {}, { ids: unusedIds(route) });
        return { route: label(route), ...commonHeaders(res), csp: policy(res) };
      }),
    );
    expect(actual).toEqual(api.routes.map((r) => ({ route: label(r), ...COMMON, csp: API_POLICY })));
  });

  it('are on errors that never reach a route: unknown path, invalid JSON, oversized body, and the health check', async () => {
    const responses = [
      await api.request('GET', '/no-such-route'),
      await api.request('POST', '/auth/login', { rawBody: '{"email":', headers: { 'content-type': 'application/json' } }),
      await api.request('POST', '/auth/login', { rawBody: JSON.stringify({ email: 'x'.repeat(2_000_000) }), headers: { 'content-type': 'application/json' } }),
      await api.request('GET', '/healthz'),
    ];
    expect(responses.map((r) => r.status)).toEqual([404, 400, 413, 200]);
    for (const res of responses) {
      expect(commonHeaders(res)).toEqual(COMMON);
      expect(policy(res)).toEqual(API_POLICY);
    }
  });

  it('give the demo pages a policy without inline or eval’d script, framing, plugins or foreign connections', async () => {
    for (const path of ['/', '/host-app.html', '/demo.js', '/demo.css']) {
      const res = await page(path);
      expect(res.status, path).toBe(200);
      expect(commonHeaders(res), path).toEqual(COMMON);
      const csp = policy(res);
      expect(csp, path).toEqual({
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
      });
      expect(csp['script-src'], path).not.toContain("'unsafe-inline'");
      expect(csp['script-src'], path).not.toContain("'unsafe-eval'");
    }
  });

  it('keep the demo page free of inline script and inline event handlers, which the policy would block', async () => {
    for (const path of ['/', '/host-app.html']) {
      const html = (await page(path)).text;
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const [, attributes, content] of scripts) {
        expect(attributes, path).toMatch(/\bsrc="\/[^"]+"/);
        expect(content!.trim(), path).toBe('');
      }
      expect(html, path).not.toMatch(/\son[a-z]+\s*=/i);
      expect(html, path).not.toMatch(/javascript:/i);
    }
  });
});
