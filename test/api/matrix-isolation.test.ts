import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteDef } from '../../server/http/route.js';
import { registerOrg, startApi, type TestApi, type TestResponse } from '../helpers/api.js';
import { createKey } from '../helpers/api-keys.js';
import { changedTables, dataTables, snapshotDatabase } from './fuzz-support/db-snapshot.js';
import { FACTORIES, factoryContext, ownedRefs, type FactoryContext } from './matrix-support/factories.js';
import { callRoute, label, unusedIds, validBody, type Caller } from './matrix-support/route-probes.js';

/**
 * SPEC §1/§2 for every by-ID route of the real route table: a record of organisation A's live
 * data, addressed by organisation B (session and key) or by A's own test mode (session and key),
 * is a 404 exactly like an ID that never existed — never a 403, never a hint — and nothing
 * changes. The same request from A in live mode gets through (so the 404s are not an accident of
 * a bad body or URL).
 */

interface Prober {
  name: string;
  caller: Caller;
  refs: Record<string, string[]>;
  /** Session probers reach every route; key probers only `principal` routes. */
  session: boolean;
}

const summary = (res: TestResponse) => ({ status: res.status, error: (res.json as { error?: unknown } | undefined)?.error ?? res.text.slice(0, 200) });

describe('route matrix: organisation and mode isolation by ID', () => {
  let api: TestApi;
  let owner: FactoryContext;
  let ownerRefs: Record<string, string[]>;
  let probers: Prober[];
  let byIdRoutes: RouteDef[];
  let tables: string[];

  beforeAll(async () => {
    api = await startApi();
    const a = await registerOrg(api);
    const b = await registerOrg(api);
    const creatable = new Set(api.routes.map(label));
    owner = factoryContext(api, a.token, 'live');
    ownerRefs = await ownedRefs(owner, creatable);
    const bLive = factoryContext(api, b.token, 'live');
    const aTest = factoryContext(api, a.token, 'test');
    const bRefs = await ownedRefs(bLive, creatable);
    const aTestRefs = await ownedRefs(aTest, creatable);
    const bKey = await createKey(api, b.token, { name: 'B everything', scopes: ['*'] });
    const aTestKey = await createKey(api, a.token, { name: 'A test everything', scopes: ['*'] }, 'test');
    probers = [
      { name: 'other organisation (session)', caller: { token: b.token, mode: 'live' }, refs: bRefs, session: true },
      { name: 'other organisation (API key)', caller: { apiKey: bKey.secret }, refs: bRefs, session: false },
      { name: 'other mode (session, X-Mode: test)', caller: { token: a.token, mode: 'test' }, refs: aTestRefs, session: true },
      { name: 'other mode (test API key)', caller: { apiKey: aTestKey.secret }, refs: aTestRefs, session: false },
    ];
    byIdRoutes = api.routes.filter((r) => Object.keys(r.ids ?? {}).length > 0);
    tables = await dataTables(api.db);
  });
  afterAll(() => api.close());

  it('has a factory for every ID prefix a route takes (add one to matrix-support/factories.ts for a new resource)', () => {
    const creatable = new Set(api.routes.map(label));
    const missing = byIdRoutes.flatMap((route) =>
      Object.values(route.ids ?? {})
        .filter((prefix) => !FACTORIES[prefix] || !creatable.has(FACTORIES[prefix].creates))
        .map((prefix) => `${label(route)} takes ${prefix}_… but no factory can create one`),
    );
    expect(missing).toEqual([]);
    expect(byIdRoutes.length).toBeGreaterThan(0);
  });

  it('answers every by-ID route with 404 for another organisation’s or the other mode’s record, as for one that never existed, and changes nothing', async () => {
    const rows: unknown[] = [];
    const expected: unknown[] = [];
    for (const route of byIdRoutes) {
      // A fresh record per route: the owner's own request below may delete, revoke or finalise it.
      const ids: Record<string, string> = {};
      for (const [name, prefix] of Object.entries(route.ids ?? {})) ids[name] = await FACTORIES[prefix]!.make(owner);

      const before = await snapshotDatabase(api.db, tables);
      const outcomes: Record<string, unknown> = {};
      const wanted: Record<string, unknown> = {};
      for (const prober of probers) {
        if (!prober.session && route.access !== 'principal') continue;
        const body = validBody(route, prober.refs);
        const foreign = await callRoute(api, route, prober.caller, { ids, body });
        const nonexistent = await callRoute(api, route, prober.caller, { ids: unusedIds(route), body });
        outcomes[prober.name] = { foreign: summary(foreign), sameAsNonexistent: JSON.stringify(summary(foreign)) === JSON.stringify(summary(nonexistent)) };
        wanted[prober.name] = { foreign: { status: 404, error: expect.objectContaining({ code: 'not_found' }) }, sameAsNonexistent: true };
      }
      const changed = changedTables(before, await snapshotDatabase(api.db, tables));

      const own = await callRoute(api, route, { token: owner.token, mode: 'live' }, { ids, body: validBody(route, ownerRefs) });
      const ownerGetsThrough = own.status !== 404 && own.status < 500 ? true : `${own.status} ${own.text.slice(0, 300)}`;

      rows.push({ route: label(route), ...outcomes, changed, ownerGetsThrough });
      expected.push({ route: label(route), ...wanted, changed: [], ownerGetsThrough: true });
    }
    expect(rows).toEqual(expected);
  });
});
