import type { TestApi, TestResponse } from '../../helpers/api.js';
import { flushRequestLog } from '../../helpers/api-keys.js';
import type { Mode } from './route-probes.js';

/**
 * One way to create a real record for each ID prefix, through the API, as a signed-in user in one
 * mode. The isolation matrix needs a record for every prefix that a by-ID route takes; a route
 * whose prefix is missing here makes the matrix fail until a factory is added — so a new resource
 * is covered the day its routes land.
 */

export interface FactoryContext {
  api: TestApi;
  token: string;
  mode: Mode;
  /** A record of another prefix owned by the same user and mode (created once, then reused). */
  ref(prefix: string): Promise<string>;
}

export interface Factory {
  /** The route that creates the record; a factory whose route does not exist yet is unused. */
  creates: string;
  make(ctx: FactoryContext): Promise<string>;
}

let sequence = 0;

async function send(ctx: FactoryContext, method: string, path: string, body?: unknown): Promise<TestResponse> {
  return ctx.api.request(method, path, { token: ctx.token, headers: ctx.mode === 'test' ? { 'x-mode': 'test' } : {}, body });
}

function idOf(res: TestResponse, what: string): string {
  const id = (res.json as { data?: { id?: unknown } } | undefined)?.data?.id;
  if (res.status >= 300 || typeof id !== 'string') throw new Error(`factory for ${what} failed: ${res.status} ${res.text.slice(0, 400)}`);
  return id;
}

const lines = [{ description: 'Matrix work', quantity: 1, unitPrice: 10_000 }];

export const FACTORIES: Readonly<Record<string, Factory>> = {
  cont: {
    creates: 'POST /contacts',
    make: async (c) => idOf(await send(c, 'POST', '/contacts', { name: `Matrix contact ${(sequence += 1)}` }), 'cont'),
  },
  acc: {
    creates: 'POST /accounts',
    make: async (c) => idOf(await send(c, 'POST', '/accounts', { code: `M${(sequence += 1)}`, name: 'Matrix expenses', type: 'expense' }), 'acc'),
  },
  rule: {
    creates: 'POST /categorisation-rules',
    make: async (c) =>
      idOf(
        await send(c, 'POST', '/categorisation-rules', {
          name: `Matrix rule ${(sequence += 1)}`,
          conditions: [{ field: 'description', operator: 'contains', value: 'coffee' }],
          accountId: await c.ref('acc'),
        }),
        'rule',
      ),
  },
  imp: {
    creates: 'POST /bank-imports',
    make: async (c) => idOf(await send(c, 'POST', '/bank-imports', { csv: `Date,Description,Amount\n2026-01-02,Coffee ${(sequence += 1)},-3.50\n` }), 'imp'),
  },
  key: {
    creates: 'POST /api-keys',
    make: async (c) => idOf(await send(c, 'POST', '/api-keys', { name: `Matrix key ${(sequence += 1)}`, scopes: ['*'] }), 'key'),
  },
  inv: {
    creates: 'POST /invoices',
    make: async (c) => idOf(await send(c, 'POST', '/invoices', { contactId: await c.ref('cont'), lines }), 'inv'),
  },
  quo: {
    creates: 'POST /quotes',
    make: async (c) => idOf(await send(c, 'POST', '/quotes', { contactId: await c.ref('cont'), lines }), 'quo'),
  },
  txn: {
    creates: 'POST /transactions',
    make: async (c) => idOf(await send(c, 'POST', '/transactions', { date: '2026-01-02', description: `Matrix coffee ${(sequence += 1)}`, amount: -350 }), 'txn'),
  },
  req: {
    creates: 'GET /request-log',
    make: async (c) => {
      await send(c, 'GET', '/auth/me');
      await flushRequestLog(c.api);
      const list = await send(c, 'GET', '/request-log?perPage=1');
      const first = (list.json as { data?: Array<{ id?: unknown }> } | undefined)?.data?.[0]?.id;
      if (typeof first !== 'string') throw new Error(`factory for req failed: ${list.status} ${list.text.slice(0, 400)}`);
      return first;
    },
  },
};

/** A user in one mode, with memoised refs. */
export function factoryContext(api: TestApi, token: string, mode: Mode): FactoryContext {
  const refs = new Map<string, Promise<string>>();
  const ctx: FactoryContext = {
    api,
    token,
    mode,
    ref(prefix) {
      let id = refs.get(prefix);
      if (!id) {
        const factory = FACTORIES[prefix];
        if (!factory) throw new Error(`no factory for prefix ${prefix}`);
        id = factory.make(ctx);
        refs.set(prefix, id);
      }
      return id;
    },
  };
  return ctx;
}

/** One record per prefix whose create route exists, as the `refs` a generated body may name. */
export async function ownedRefs(ctx: FactoryContext, routeLabels: ReadonlySet<string>): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [prefix, factory] of Object.entries(FACTORIES)) {
    if (routeLabels.has(factory.creates)) out[prefix] = [await ctx.ref(prefix)];
  }
  return out;
}
