import fc from 'fast-check';
import type { RouteDef } from '../../../server/http/route.js';
import { routeUrl } from '../matrix-support/route-probes.js';
import { hostileText, hostileValue, mutation, toJsonText } from './hostile.js';
import type { FuzzRequest } from './harness.js';
import { jsonSchemaOf, schemaArbitrary, type Refs } from './json-schema-arbitrary.js';

/** Arbitraries for whole requests to one route: path IDs, body, and (valid) credentials. */

export interface FuzzWorld {
  /** IDs of real records the caller owns, by prefix (several each). */
  owned: Refs;
  /** IDs of another organisation's records, by prefix. */
  foreign: Refs;
  token: string;
  apiKey: string;
}

/** Path parameters that are nearly IDs. */
const malformedId = (prefix: string) =>
  fc.constantFrom(
    `${prefix}_0`,
    `${prefix}_01`,
    `${prefix}_-1`,
    `${prefix}_1.5`,
    `${prefix}_1e3`,
    `${prefix.toUpperCase()}_1`,
    `${prefix}_99999999999999999999`,
    `${prefix}_٣`,
    `${prefix}_1 `,
    `${prefix}_1\n`,
    `${prefix}__1`,
    `xyz_1`,
    '..',
    '%00',
    '__proto__',
    'constructor',
    'a'.repeat(3000),
  );

function idArbitrary(prefix: string, world: FuzzWorld): fc.Arbitrary<string> {
  const owned = world.owned[prefix] ?? [];
  const foreign = world.foreign[prefix] ?? [];
  return fc.oneof(
    ...(owned.length ? [{ weight: 6, arbitrary: fc.constantFrom(...owned) }] : []),
    ...(foreign.length ? [{ weight: 1, arbitrary: fc.constantFrom(...foreign) }] : []),
    { weight: 1, arbitrary: fc.constant(`${prefix}_999999999`) },
    { weight: 2, arbitrary: malformedId(prefix) },
  );
}

export function idsArbitrary(route: RouteDef, world: FuzzWorld): fc.Arbitrary<Record<string, string>> {
  const entries = Object.entries(route.ids ?? {});
  if (entries.length === 0) return fc.constant({});
  return fc.record(Object.fromEntries(entries.map(([name, prefix]) => [name, idArbitrary(prefix, world)])));
}

export interface FuzzBody {
  text: string | undefined;
  contentType: string | undefined;
}

const csvCell = fc.oneof(fc.constantFrom('2026-01-02', '02/01/2026', '-3.50', '12.345', 'Coffee', '', '"quoted, cell"', '"unterminated', '=cmd|calc', '\u0000'), fc.string({ maxLength: 12 }));
const csvText = fc
  .tuple(fc.array(fc.array(csvCell, { minLength: 0, maxLength: 5 }), { minLength: 0, maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([rows, newline]) => ['Date,Description,Amount,Reference', ...rows.map((r) => r.join(','))].join(newline));

/** A body for the route: valid by its schema, a valid body with one hostile change, or hostile text. */
export function bodyArbitrary(route: RouteDef, world: FuzzWorld): fc.Arbitrary<FuzzBody> {
  const json = (text: string): FuzzBody => ({ text, contentType: 'application/json' });
  if (!route.body) {
    return fc.oneof(
      { weight: 6, arbitrary: fc.constant<FuzzBody>({ text: undefined, contentType: undefined }) },
      { weight: 1, arbitrary: hostileValue.map((v) => json(toJsonText(v))) },
      { weight: 1, arbitrary: hostileText.map(json) },
    );
  }
  const valid = schemaArbitrary(jsonSchemaOf(route.body), world.owned);
  const options: Array<fc.WeightedArbitrary<FuzzBody>> = [
    { weight: 3, arbitrary: valid.map((v) => json(toJsonText(v))) },
    { weight: 6, arbitrary: fc.tuple(valid, mutation).map(([v, mutate]) => json(toJsonText(mutate(v)))) },
    { weight: 1, arbitrary: hostileText.map(json) },
  ];
  if (route.bodyTypes?.includes('text/csv')) options.push({ weight: 2, arbitrary: csvText.map((text) => ({ text, contentType: 'text/csv' })) });
  return fc.oneof(...options);
}

/** A whole request with a valid credential; `extraHeaders` may add or override any header. */
export function requestArbitrary(route: RouteDef, world: FuzzWorld, headers: fc.Arbitrary<Record<string, string>> = validHeaders(world)): fc.Arbitrary<FuzzRequest> {
  return fc.record({ ids: idsArbitrary(route, world), body: bodyArbitrary(route, world), headers }).map(({ ids, body, headers: extra }) => {
    const all: Record<string, string> = {};
    if (body.contentType) all['content-type'] = body.contentType;
    Object.assign(all, extra);
    return { method: route.method.toUpperCase(), path: routeUrl(route, ids), headers: all, body: body.text };
  });
}

let idempotencyCounter = 0;

/** The caller's own session or key, sometimes in test mode, sometimes with an Idempotency-Key (fresh or reused). */
export function validHeaders(world: FuzzWorld): fc.Arbitrary<Record<string, string>> {
  return fc
    .record({
      credential: fc.oneof({ weight: 3, arbitrary: fc.constant({ authorization: `Bearer ${world.token}` }) }, { weight: 1, arbitrary: fc.constant({ 'x-api-key': world.apiKey }) }),
      mode: fc.oneof({ weight: 5, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.constant({ 'x-mode': 'test' }) }),
      idempotency: fc.oneof(
        { weight: 4, arbitrary: fc.constant<Record<string, string> | null>(null) },
        { weight: 2, arbitrary: fc.constant<Record<string, string> | null>({}) },
        { weight: 1, arbitrary: fc.constantFrom<Record<string, string> | null>({ 'idempotency-key': 'fuzz-shared-1' }, { 'idempotency-key': '"fuzz-shared-2"' }) },
      ),
    })
    .map(({ credential, mode, idempotency }) => ({
      ...credential,
      ...mode,
      // {} means "a fresh key": filled in at generation so that every run gets its own.
      ...(idempotency === null ? {} : Object.keys(idempotency).length ? idempotency : { 'idempotency-key': `fuzz-${(idempotencyCounter += 1)}` }),
    }));
}
