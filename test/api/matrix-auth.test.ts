import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../../server/auth/scopes.js';
import { requiredScopes, type RouteDef } from '../../server/http/route.js';
import { registerOrg, startApi, type TestApi, type TestResponse } from '../helpers/api.js';
import { createKey, type CreatedKey } from '../helpers/api-keys.js';
import { callRoute, label, unusedIds, type Caller } from './matrix-support/route-probes.js';

/**
 * SPEC §2 for every route of the real route table — a route added tomorrow is in these matrices
 * without anyone touching this file: no credential → 401; a key without the route's scope → 403
 * naming it; a key with exactly that scope gets through; keys never reach user-only routes.
 */

/** SPEC §2, restated rather than imported: write implies read, `*` grants everything. */
function grants(granted: string, required: string): boolean {
  if (granted === '*' || granted === required) return true;
  const [resource, action] = required.split(':');
  return action === 'read' && granted === `${resource}:write`;
}

const outcome = (route: RouteDef, res: TestResponse) => ({
  route: label(route),
  status: res.status,
  body: res.json,
});

const refused = (route: RouteDef, status: number, error: Record<string, unknown>) => ({
  route: label(route),
  status,
  body: { success: false, error },
});

describe('route matrix: authentication, access and scopes', () => {
  let api: TestApi;
  let owner: Awaited<ReturnType<typeof registerOrg>>;
  let everything: CreatedKey;
  let revoked: CreatedKey;
  let routes: { protectedRoutes: RouteDef[]; user: RouteDef[]; principal: RouteDef[] };

  beforeAll(async () => {
    api = await startApi();
    owner = await registerOrg(api);
    everything = await createKey(api, owner.token, { name: 'everything', scopes: ['*'] });
    revoked = await createKey(api, owner.token, { name: 'revoked', scopes: ['*'] });
    const revoke = await api.request('POST', `/api-keys/${revoked.id}/revoke`, { token: owner.token });
    expect(revoke.status, revoke.text).toBe(200);
    const protectedRoutes = api.routes.filter((r) => r.access !== 'public');
    routes = {
      protectedRoutes,
      user: protectedRoutes.filter((r) => r.access === 'user'),
      principal: protectedRoutes.filter((r) => r.access === 'principal'),
    };
  });
  afterAll(() => api.close());

  /** The same request to every route, with IDs that belong to nobody and no body. */
  const everyRoute = (list: RouteDef[], caller: Caller, headers: Record<string, string> = {}) =>
    Promise.all(list.map(async (route) => outcome(route, await callRoute(api, route, caller, { ids: unusedIds(route), headers }))));

  it('covers a real table: user routes and principal routes of every scope', () => {
    expect(routes.user.length).toBeGreaterThan(0);
    expect(routes.principal.length).toBeGreaterThan(0);
    expect(api.routes.filter((r) => r.access === 'public').map(label)).toEqual(
      expect.arrayContaining(['GET /openapi.json', 'POST /auth/register', 'POST /auth/login', 'POST /auth/refresh', 'POST /auth/totp/verify']),
    );
  });

  it('answers every non-public route without credentials with 401 "Missing Authorization header"', async () => {
    const expected = routes.protectedRoutes.map((r) => refused(r, 401, { code: 'unauthorized', message: 'Missing Authorization header' }));
    expect(await everyRoute(routes.protectedRoutes, {})).toEqual(expected);
  });

  it('answers every non-public route with an unknown API key with 401 "Invalid API key", in either header', async () => {
    const unknown = `sk_live_${'A'.repeat(43)}`;
    const expected = routes.protectedRoutes.map((r) => refused(r, 401, { code: 'unauthorized', message: 'Invalid API key' }));
    expect(await everyRoute(routes.protectedRoutes, { apiKey: unknown })).toEqual(expected);
    expect(await everyRoute(routes.protectedRoutes, {}, { authorization: `Bearer ${unknown}` })).toEqual(expected);
  });

  it('answers every non-public route with a revoked API key with 401 "API key has been revoked"', async () => {
    const expected = routes.protectedRoutes.map((r) => refused(r, 401, { code: 'unauthorized', message: 'API key has been revoked' }));
    expect(await everyRoute(routes.protectedRoutes, { apiKey: revoked.secret })).toEqual(expected);
  });

  it('answers every non-public route with a forged, malformed or wrong-type token with 401', async () => {
    const forged = `${owner.token.slice(0, owner.token.lastIndexOf('.'))}.${'A'.repeat(43)}`;
    for (const authorization of [`Bearer ${forged}`, 'Bearer not-a-jwt', `Bearer ${owner.refreshToken}`, `Basic ${Buffer.from('a:b').toString('base64')}`]) {
      const actual = await everyRoute(routes.protectedRoutes, {}, { authorization });
      expect(
        actual.map((o) => ({ route: o.route, status: o.status, code: (o.body as { error?: { code?: string } }).error?.code })),
        authorization.slice(0, 20),
      ).toEqual(routes.protectedRoutes.map((r) => ({ route: label(r), status: 401, code: 'unauthorized' })));
    }
  });

  it('refuses an API key on every user-only route with 403 forbidden (a key can never manage keys or sessions)', async () => {
    const actual = await everyRoute(routes.user, { apiKey: everything.secret });
    expect(actual.map((o) => ({ route: o.route, status: o.status, code: (o.body as { error?: { code?: string } }).error?.code }))).toEqual(
      routes.user.map((r) => ({ route: label(r), status: 403, code: 'forbidden' })),
    );
  });

  it('answers every principal route with 403 insufficient_scope naming its scope, for a key holding every other scope', async () => {
    const keys = new Map<string, CreatedKey>();
    for (const scope of new Set(routes.principal.map((r) => r.scope as string))) {
      const others = SCOPES.filter((s) => !grants(s, scope));
      keys.set(scope, await createKey(api, owner.token, { name: `all but ${scope}`, scopes: others }));
    }
    const actual = await Promise.all(
      routes.principal.map(async (route) => outcome(route, await callRoute(api, route, { apiKey: keys.get(route.scope as string)!.secret }, { ids: unusedIds(route) }))),
    );
    expect(actual).toEqual(
      routes.principal.map((r) =>
        refused(r, 403, { code: 'insufficient_scope', message: `This API key requires the ${r.scope} scope`, requiredScope: r.scope }),
      ),
    );
  });

  it('lets a key holding exactly the route’s scope — and the owner’s session — past authentication and scope on every principal route', async () => {
    const keys = new Map<string, CreatedKey>();
    const scopesOf = (route: RouteDef) => requiredScopes(route) as string[];
    for (const scopes of new Set(routes.principal.map((r) => scopesOf(r).join(' ')))) {
      keys.set(scopes, await createKey(api, owner.token, { name: `only ${scopes}`, scopes: scopes.split(' ') }));
    }
    const admitted = (res: TestResponse) => res.status !== 401 && res.status !== 403;
    const actual = await Promise.all(
      routes.principal.map(async (route) => {
        const byKey = await callRoute(api, route, { apiKey: keys.get(scopesOf(route).join(' '))!.secret }, { ids: unusedIds(route) });
        const bySession = await callRoute(api, route, { token: owner.token, mode: 'live' }, { ids: unusedIds(route) });
        return { route: label(route), key: admitted(byKey) || `${byKey.status} ${byKey.text}`, session: admitted(bySession) || `${bySession.status} ${bySession.text}` };
      }),
    );
    expect(actual).toEqual(routes.principal.map((r) => ({ route: label(r), key: true, session: true })));
  });

  it('refuses a key holding only the main scope of a route that needs more, naming the missing one', async () => {
    const multi = routes.principal.filter((r) => requiredScopes(r).length > 1);
    expect(multi.length).toBeGreaterThan(0);
    for (const route of multi) {
      const [main, ...more] = requiredScopes(route);
      const key = await createKey(api, owner.token, { name: `only ${main}`, scopes: [main!] });
      const res = await callRoute(api, route, { apiKey: key.secret }, { ids: unusedIds(route) });
      expect(res.status, label(route)).toBe(403);
      expect(res.json.error.requiredScope, label(route)).toBe(more[0]);
    }
  });
});
