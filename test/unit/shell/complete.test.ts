import { describe, expect, it } from 'vitest';
import { complete, longestCommonPrefix, routeFilterWords, type CompletionContext } from '../../../shell/complete.js';
import type { ShellSpec, SpecRoute } from '../../../shell/spec.js';

const route = (method: SpecRoute['method'], path: string): SpecRoute => ({ method, path, summary: '', scope: null, operationId: null });

const spec: Pick<ShellSpec, 'routes' | 'idRoutes' | 'serverPath'> = {
  serverPath: '/api/v1',
  routes: [
    route('GET', '/contacts'),
    route('POST', '/contacts'),
    route('GET', '/contacts/{id}'),
    route('GET', '/contacts/{id}/invoices'),
    route('GET', '/invoices'),
    route('POST', '/invoices'),
    route('GET', '/invoices/{id}'),
    route('POST', '/invoices/{id}/finalise'),
    route('GET', '/categorisation-rules'),
    route('POST', '/categorisation-rules/test'),
    route('POST', '/categorisation-rules/reorder'),
    route('DELETE', '/categorisation-rules/{id}'),
  ],
  idRoutes: new Map([
    ['inv', { pathTemplate: '/invoices/{id}', paramName: 'id', pattern: null, source: 'x-id-prefix' as const }],
    ['cont', { pathTemplate: '/contacts/{id}', paramName: 'id', pattern: null, source: 'x-id-prefix' as const }],
    ['rule', { pathTemplate: '/categorisation-rules/{id}', paramName: 'id', pattern: null, source: 'x-id-prefix' as const }],
  ]),
};

const commands = [{ name: 'help' }, { name: 'routes' }, { name: 'curl' }, { name: 'env', args: ['set', 'unset'] }, { name: 'history' }, { name: 'clear' }];
const ctx: CompletionContext = { spec, commands, seenIds: ['inv_29', 'cont_1', 'inv_3', 'rule_2'] };

/** Applies a completion to the line, as the element does. */
function apply(text: string, cursor = text.length, context = ctx) {
  const c = complete(text, cursor, context);
  if (!c) return { line: text, candidates: null };
  return { line: text.slice(0, c.replaceFrom) + c.insert + text.slice(c.replaceTo), candidates: c.candidates };
}

describe('first position', () => {
  it('completes a method in any case to upper case, with a space', () => {
    expect(apply('ge')).toEqual({ line: 'GET ', candidates: [] });
    expect(apply('DEL')).toEqual({ line: 'DELETE ', candidates: [] });
  });

  it('completes built-in names', () => {
    expect(apply('ro')).toEqual({ line: 'routes ', candidates: [] });
    expect(apply('cu')).toEqual({ line: 'curl ', candidates: [] });
  });

  it('completes the common prefix and lists several matches', () => {
    expect(apply('p')).toEqual({ line: 'P', candidates: ['POST', 'PUT', 'PATCH'] });
    expect(apply('PA')).toEqual({ line: 'PATCH ', candidates: [] });
    expect(apply('h')).toEqual({ line: 'h', candidates: ['help', 'history'] });
    expect(apply('c')).toEqual({ line: 'c', candidates: ['curl', 'clear'] });
  });

  it('lists everything on an empty line', () => {
    expect(apply('').candidates).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'help', 'routes', 'curl', 'env', 'history', 'clear']);
  });

  it('has nothing for an unknown word', () => {
    expect(complete('zzz', 3, ctx)).toBeNull();
  });
});

describe('paths after a method', () => {
  it('completes a segment and lists the paths it leads to', () => {
    expect(apply('GET /inv')).toEqual({ line: 'GET /invoices', candidates: [] });
    expect(apply('GET /invoices')).toEqual({ line: 'GET /invoices/', candidates: [] });
  });

  it('offers seen IDs of the right prefix for a {id} segment, and the shape as a hint', () => {
    expect(apply('GET /invoices/')).toEqual({ line: 'GET /invoices/inv_', candidates: ['/invoices/inv_29', '/invoices/inv_3', '/invoices/{id}'] });
    expect(apply('GET /invoices/inv_2')).toEqual({ line: 'GET /invoices/inv_29', candidates: [] });
    expect(apply('GET /contacts/')).toEqual({ line: 'GET /contacts/cont_1', candidates: ['/contacts/cont_1', '/contacts/{id}'] });
  });

  it('shows the shape when no ID of that prefix has been seen', () => {
    expect(apply('GET /invoices/', 14, { ...ctx, seenIds: ['cont_1'] })).toEqual({ line: 'GET /invoices/', candidates: ['/invoices/{id}'] });
    expect(apply('GET /invoices/inv_77')).toEqual({ line: 'GET /invoices/inv_77', candidates: ['/invoices/{id}'] });
  });

  it('follows a concrete ID into deeper routes', () => {
    expect(apply('POST /invoices/inv_29/f')).toEqual({ line: 'POST /invoices/inv_29/finalise', candidates: [] });
    expect(apply('POST /invoices/inv_29')).toEqual({ line: 'POST /invoices/inv_29/', candidates: [] });
    expect(apply('GET /contacts/cont_1/')).toEqual({ line: 'GET /contacts/cont_1/invoices', candidates: [] });
  });

  it('only offers routes of the typed method', () => {
    expect(apply('POST /cat')).toEqual({ line: 'POST /categorisation-rules/', candidates: [] });
    expect(apply('POST /categorisation-rules/').candidates).toEqual(['/categorisation-rules/test', '/categorisation-rules/reorder']);
    expect(apply('DELETE /categorisation-rules/')).toEqual({ line: 'DELETE /categorisation-rules/rule_2', candidates: ['/categorisation-rules/rule_2', '/categorisation-rules/{id}'] });
    expect(complete('PUT /inv', 8, ctx)).toBeNull();
  });

  it('prefers literal segments over the {id} hint once something is typed', () => {
    expect(apply('POST /categorisation-rules/t')).toEqual({ line: 'POST /categorisation-rules/test', candidates: [] });
  });

  it('lists the first segments for a bare slash or nothing, and adds the slash', () => {
    expect(apply('GET /').candidates).toEqual(['/contacts', '/invoices', '/categorisation-rules']);
    expect(apply('GET ')).toEqual({ line: 'GET /', candidates: ['/contacts', '/invoices', '/categorisation-rules'] });
    expect(apply('GET inv')).toEqual({ line: 'GET /invoices', candidates: [] });
  });

  it('keeps a typed server prefix', () => {
    expect(apply('GET /api/v1/inv')).toEqual({ line: 'GET /api/v1/invoices', candidates: [] });
    expect(apply('GET /api/v1/invoices/').candidates).toEqual(['/api/v1/invoices/inv_29', '/api/v1/invoices/inv_3', '/api/v1/invoices/{id}']);
  });

  it('completes the word before the cursor and keeps the rest of the line', () => {
    const text = 'POST /inv {"a":1}';
    const c = complete(text, 9, ctx)!;
    expect(c).toMatchObject({ replaceFrom: 5, replaceTo: 9, insert: '/invoices' });
  });

  it('leaves bodies, flags, queries and absolute URLs alone', () => {
    expect(complete('POST /invoices {"a', 18, ctx)).toBeNull();
    expect(complete('GET -H', 6, ctx)).toBeNull();
    expect(complete('GET /invoices?st', 16, ctx)).toBeNull();
    expect(complete('GET https://x', 13, ctx)).toBeNull();
    expect(complete('GET /inv', 8, { ...ctx, spec: null })).toBeNull();
  });
});

describe('built-in arguments', () => {
  it('completes a command’s own arguments', () => {
    expect(apply('env s')).toEqual({ line: 'env set ', candidates: [] });
    expect(apply('history c')).toEqual({ line: 'history clear ', candidates: [] });
  });

  it('knows the names env set and env unset take', () => {
    expect(apply('env set k')).toEqual({ line: 'env set key ', candidates: [] });
    expect(apply('env unset ')).toEqual({ line: 'env unset ', candidates: ['base-url', 'spec-url', 'key'] });
    expect(apply('env set b')).toEqual({ line: 'env set base-url ', candidates: [] });
  });

  it('lets a command declare sub-arguments itself', () => {
    const custom = { ...ctx, commands: [{ name: 'env', args: ['set'], subArgs: { set: ['region'] } }] };
    expect(apply('env set r', 9, custom)).toEqual({ line: 'env set region ', candidates: [] });
  });

  it('offers route filters from the spec', () => {
    expect(apply('routes inv')).toEqual({ line: 'routes invoices ', candidates: [] });
    expect(apply('routes c').candidates).toEqual(['categorisation-rules', 'contacts']);
    expect(routeFilterWords(spec)).toEqual(['categorisation-rules', 'contacts', 'invoices']);
  });

  it('has nothing past the known arguments', () => {
    expect(complete('history clear x', 15, ctx)).toBeNull();
    expect(complete('env set key sk', 14, ctx)).toBeNull();
  });
});

describe('longestCommonPrefix', () => {
  it('finds the shared start', () => {
    expect(longestCommonPrefix(['/invoices', '/invoices/{id}'])).toBe('/invoices');
    expect(longestCommonPrefix(['a', 'b'])).toBe('');
    expect(longestCommonPrefix([])).toBe('');
    expect(longestCommonPrefix(['x😀a', 'x😁b'])).toBe('x');
  });
});
