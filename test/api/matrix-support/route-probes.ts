import fc from 'fast-check';
import type { RouteDef } from '../../../server/http/route.js';
import type { TestApi, TestResponse } from '../../helpers/api.js';
import { jsonSchemaOf, minimalValue, schemaArbitrary, type Refs } from '../fuzz-support/json-schema-arbitrary.js';

/**
 * Requests built from the route table: the URL of a route with its path parameters filled, a valid
 * body for it from its own schema, and who sends it.
 */

export type Mode = 'live' | 'test';

/** A signed-in user acting in one mode (X-Mode), or an API key. */
export type Caller = { token: string; mode: Mode } | { apiKey: string } | Record<string, never>;

export const label = (route: RouteDef) => `${route.method.toUpperCase()} ${route.path}`;

/** `/contacts/{id}` with `{id: 'cont_3'}` → `/contacts/cont_3`; unnamed parameters get `x`. */
export function routeUrl(route: RouteDef, ids: Readonly<Record<string, string>> = {}): string {
  return route.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_whole, name: string) => {
    const given = ids[name];
    if (given !== undefined) return encodeURIComponent(given);
    const prefix = route.ids?.[name];
    return prefix ? `${prefix}_999999999` : 'x';
  });
}

/** IDs that are well-formed but belong to nobody, for probes that must not touch real records. */
export function unusedIds(route: RouteDef): Record<string, string> {
  return Object.fromEntries(Object.entries(route.ids ?? {}).map(([name, prefix]) => [name, `${prefix}_999999999`]));
}

export const hasJsonBody = (route: RouteDef) => route.body !== undefined && (route.bodyTypes ?? ['application/json']).includes('application/json');

/**
 * A body the route's schema accepts, referring to `refs` where the schema names an ID: the
 * smallest one first, else the first of many generated ones that validates. Throws (naming the
 * route) when none does, so a new route with an unusual schema is noticed, not skipped.
 */
/**
 * Bodies for routes whose schema the generator cannot satisfy on its own (refinements across
 * fields, custom checks), by operationId.
 */
export const BODY_OVERRIDES: Readonly<Record<string, (refs: Refs) => unknown>> = {
  // `scopes` items are checked against the scope list by a refinement JSON Schema cannot show.
  createApiKey: () => ({ name: 'Generated key', scopes: ['*'] }),
  // Conditions are checked field by field by a custom validator (server/rules/schema.ts).
  createCategorisationRule: (refs) => ({
    name: 'Generated rule',
    conditions: [{ field: 'description', operator: 'contains', value: 'coffee' }],
    accountId: refs.acc?.[0] ?? 'acc_1',
  }),
  testCategorisationRule: () => ({ conditions: [{ field: 'amount', operator: 'lt', value: 0 }] }),
};

export function validBody(route: RouteDef, refs: Refs): unknown {
  if (!route.body) return undefined;
  const override = BODY_OVERRIDES[route.operationId];
  if (override) return override(refs);
  const schema = jsonSchemaOf(route.body);
  const minimal = minimalValue(schema, refs);
  if (route.body.safeParse(minimal).success) return minimal;
  for (const candidate of fc.sample(schemaArbitrary(schema, refs), { numRuns: 300, seed: 42 })) {
    if (route.body.safeParse(candidate).success) return candidate;
  }
  throw new Error(`No valid body could be generated for ${label(route)}: add one to BODY_OVERRIDES in test/api/matrix-support/route-probes.ts`);
}

/** Sends a route's request as `caller`. */
export function callRoute(api: TestApi, route: RouteDef, caller: Caller, options: { ids?: Record<string, string>; body?: unknown; headers?: Record<string, string> } = {}): Promise<TestResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if ('mode' in caller && caller.mode === 'test') headers['x-mode'] = 'test';
  return api.request(route.method.toUpperCase(), routeUrl(route, options.ids), {
    token: 'token' in caller ? caller.token : undefined,
    apiKey: 'apiKey' in caller ? caller.apiKey : undefined,
    body: options.body,
    headers,
  });
}

/** SPEC §1's error envelope with exactly `code` (and a human message), as a plain object. */
export function errorEnvelope(res: TestResponse): { status: number; code: unknown; keys: string[]; message: unknown } {
  const body = res.json as { success?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
  return {
    status: res.status,
    code: body?.success === false ? body.error?.code : `<not an error envelope: ${res.text.slice(0, 120)}>`,
    keys: body ? Object.keys(body).sort() : [],
    message: body?.error?.message,
  };
}
