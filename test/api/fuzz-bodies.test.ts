import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOrg, startApi } from '../helpers/api.js';
import { createKey } from '../helpers/api-keys.js';
import { assertNoPrototypePollution, FuzzHarness, isWriteRoute } from './fuzz-support/harness.js';
import { POLLUTION_KEYS, raw, toJsonText, withOwnKey } from './fuzz-support/hostile.js';
import { requestArbitrary, type FuzzWorld } from './fuzz-support/requests.js';
import { FACTORIES, factoryContext } from './matrix-support/factories.js';
import { label, routeUrl, validBody } from './matrix-support/route-probes.js';

/**
 * Property-based fuzzing of every write route in the table, with bodies generated from the route's
 * own schema and then made hostile (wrong types, huge and deeply nested values, awkward unicode,
 * prototype-pollution keys, non-JSON). Every response: no 5xx, the envelope, no data changed by a
 * 4xx, no credential echoed, Object.prototype untouched (fuzz-support/harness.ts).
 *
 * FUZZ_RUNS (default 40) sets the runs per route; FUZZ_SEED replays a failure fast-check printed.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const RECORDS_PER_PREFIX = 3;

const serverErrors: unknown[] = [];
const api = await startApi({ logError: (err) => serverErrors.push(err) });
const writeRoutes = api.routes.filter(isWriteRoute);

describe('fuzzing every write route', () => {
  const harness = new FuzzHarness(api, serverErrors);
  let world: FuzzWorld;

  beforeAll(async () => {
    const a = await registerOrg(api);
    const b = await registerOrg(api);
    const creatable = new Set(api.routes.map(label));
    const owner = factoryContext(api, a.token, 'live');
    const other = factoryContext(api, b.token, 'live');
    const owned: Record<string, string[]> = {};
    const foreign: Record<string, string[]> = {};
    for (const [prefix, factory] of Object.entries(FACTORIES)) {
      if (!creatable.has(factory.creates)) continue;
      owned[prefix] = [];
      for (let i = 0; i < RECORDS_PER_PREFIX; i += 1) owned[prefix].push(await factory.make(owner));
      foreign[prefix] = [await factory.make(other)];
    }
    const key = await createKey(api, a.token, { name: 'fuzz', scopes: ['*'] });
    world = { owned, foreign, token: a.token, apiKey: key.secret };
    await harness.init();
  });
  afterAll(() => api.close());

  it('has write routes to fuzz', () => {
    expect(writeRoutes.length).toBeGreaterThan(10);
  });

  for (const route of writeRoutes) {
    it(`${label(route)}: hostile bodies and IDs never cause a 5xx, always get the envelope, and a 4xx changes nothing`, async () => {
      const secrets = [world.token, world.apiKey];
      await fc.assert(
        fc.asyncProperty(requestArbitrary(route, world), async (request) => {
          await harness.check(request, secrets);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    });
  }

  it('survives a body nested 100,000 deep on every write route, with and without an Idempotency-Key (no recursion without a bound)', async () => {
    const depth = 100_000;
    const bodies = ['['.repeat(depth) + ']'.repeat(depth), '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)];
    let n = 0;
    for (const route of writeRoutes) {
      for (const body of bodies) {
        for (const idempotency of [{}, { 'idempotency-key': `deep-${(n += 1)}` }] as Array<Record<string, string>>) {
          await harness.check(
            {
              method: route.method.toUpperCase(),
              path: routeUrl(route, Object.fromEntries(Object.entries(route.ids ?? {}).map(([name, prefix]) => [name, world.owned[prefix]?.[0] ?? `${prefix}_1`]))),
              headers: { authorization: `Bearer ${world.token}`, 'content-type': 'application/json', ...idempotency },
              body,
            },
            [world.token],
          );
        }
      }
    }
  });

  it('takes a NUL, a lone surrogate or an overlong string in every string field of every write route without a 5xx (PostgreSQL text refuses NUL)', async () => {
    const variants: Array<(s: string) => string> = [(s) => `${s}\u0000`, (s) => `\ud800${s}`, (s) => s + 'é'.repeat(5_000)];
    const everyString = (value: unknown, change: (s: string) => string): unknown => {
      if (typeof value === 'string') return change(value);
      if (Array.isArray(value)) return value.map((v) => everyString(v, change));
      if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, everyString(v, change)]));
      return value;
    };
    const failures: string[] = [];
    for (const route of writeRoutes.filter((r) => r.body)) {
      const valid = validBody(route, world.owned);
      for (const [index, change] of variants.entries()) {
        await harness
          .check(
          {
            method: route.method.toUpperCase(),
            path: routeUrl(route, Object.fromEntries(Object.entries(route.ids ?? {}).map(([name, prefix]) => [name, world.owned[prefix]?.[0] ?? `${prefix}_1`]))),
            headers: { authorization: `Bearer ${world.token}`, 'content-type': 'application/json' },
            body: JSON.stringify(everyString(valid, change)),
          },
          [world.token],
        )
          .catch((err: Error) => failures.push(`${label(route)} (variant ${index}): ${err.message.split('\n')[0]}`));
      }
    }
    expect(failures).toEqual([]);
  });

  it('stores metadata keys named like prototype properties, or refuses them — never drops them silently', async () => {
    const contactWithKeys = POLLUTION_KEYS.reduce<Record<string, unknown>>((meta, key) => withOwnKey(meta, key, `value of ${key}`), {});
    const res = await harness.check({
      method: 'POST',
      path: '/contacts',
      headers: { authorization: `Bearer ${world.token}`, 'content-type': 'application/json' },
      body: toJsonText({ name: 'Prototype keys', metadata: contactWithKeys }),
    });
    if (res.status < 300) {
      expect(JSON.parse(res.text).data.metadata).toEqual(Object.fromEntries(POLLUTION_KEYS.map((k) => [k, `value of ${k}`])));
    } else {
      expect(res.status).toBe(400);
    }
    // A polluting value in a nested object of every shape, at the top level and in metadata.
    for (const body of [
      `{"__proto__":{"polluted":"yes"},"name":"p1"}`,
      `{"constructor":{"prototype":{"polluted":"yes"}},"name":"p2"}`,
      toJsonText({ name: 'p3', metadata: withOwnKey({}, '__proto__', raw('{"polluted":"yes"}')) }),
      toJsonText({ name: 'p4', address: withOwnKey({ city: 'x' }, '__proto__', raw('{"polluted":"yes"}')) }),
    ]) {
      await harness.check({ method: 'POST', path: '/contacts', headers: { authorization: `Bearer ${world.token}`, 'content-type': 'application/json' }, body });
    }
    assertNoPrototypePollution();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
