import { describe, expect, it, vi } from 'vitest';

// Count how often the ranker is built: once per history (or document) change, never per key.
const built = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../shell/power/frecency.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../shell/power/frecency.js')>();
  return {
    ...actual,
    createRanker: (...args: Parameters<typeof actual.createRanker>) => {
      built.count += 1;
      return actual.createRanker(...args);
    },
  };
});

const { Assist } = await import('../../../shell/terminal/assist.js');
const { fallbackSpec } = await import('../../../shell/spec.js');
const { ResponseStore } = await import('../../../shell/power/response-store.js');
const { lineOf } = await import('../../../shell/editor/model.js');

describe('Assist', () => {
  it('builds the frecency ranker once per history change, not per keystroke', () => {
    let history: string[] = ['GET /invoices?page=2'];
    const spec = { ...fallbackSpec('http://api.test/v1'), routes: [{ method: 'GET' as const, path: '/invoices', summary: '', scope: null, operationId: null }] };
    const env = { baseUrl: '', specUrl: '', apiKey: '', authHeaders: undefined, spec, specStatus: 'loaded', declaresIdempotencyKey: false };
    const assist = new Assist(() => env, () => history, () => new ResponseStore());
    built.count = 0;
    const typed = 'GET /invoices?';
    for (let i = 1; i <= typed.length; i += 1) assist.ghost(lineOf(typed.slice(0, i)));
    assist.complete(lineOf('GET /inv'), false);
    expect(built.count).toBe(1);
    expect(assist.ghost(lineOf('GET /invoices?'))).toBe('page=2');
    history = [...history, 'GET /invoices?page=3', 'GET /contacts', 'GET /invoices?page=3'];
    expect(assist.ghost(lineOf('GET /invoices?'))).toBe('page=3');
    assist.ghost(lineOf('GET /invoices?p'));
    expect(built.count).toBe(2);
  });
});
