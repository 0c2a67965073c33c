/**
 * What the shell benchmarks feed the shell: OpenAPI documents of 5 and 500 paths, a full history,
 * and a 1 MB JSON response full of prefixed IDs.
 */

/** Paths every document has, so the same keystrokes complete the same way in both setups. */
const COMMON_PATHS = ['/invoices', '/invoices/{id}', '/contacts', '/reports/trial-balance', '/big'];

function idParameter(prefix: string) {
  return { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: `^${prefix}_[1-9][0-9]*$` } };
}

function operation(path: string, index: number) {
  const id = path.endsWith('/{id}');
  const prefix = path.startsWith('/invoices') ? 'inv' : `r${index}`;
  const get = {
    operationId: `get${index}`,
    summary: `Read ${path}`,
    'x-required-scope': 'invoices:read',
    ...(id ? { parameters: [idParameter(prefix)] } : {}),
    responses: { '200': { description: 'OK' } },
  };
  return id ? { get } : { get, post: { ...get, operationId: `post${index}`, summary: `Create ${path}` } };
}

/** An OpenAPI 3.1 document with `pathCount` paths (the common five first). */
export function benchSpec(pathCount: number): unknown {
  const paths: Record<string, unknown> = {};
  COMMON_PATHS.slice(0, pathCount).forEach((p, i) => (paths[p] = operation(p, i)));
  for (let i = 0; Object.keys(paths).length < pathCount; i += 1) {
    // Half collections, half items, none starting like a common path.
    const path = i % 2 === 0 ? `/resources-${Math.floor(i / 2)}` : `/resources-${Math.floor(i / 2)}/{id}`;
    paths[path] = operation(path, COMMON_PATHS.length + i);
  }
  return {
    openapi: '3.1.0',
    info: { title: `Bench API (${pathCount} paths)`, version: '1.0.0' },
    servers: [{ url: '/api/v1' }],
    components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
    security: [{ key: [] }],
    paths,
  };
}

/**
 * 1,000 history entries (the cap). None but the oldest starts like the lines the benchmark
 * types, so every keystroke's ghost lookup walks the whole list.
 */
export function benchHistory(size = 1000): string[] {
  const entries = ['GET /reports/trial-balance?from=2025-04-01&to=2026-03-31'];
  for (let i = 1; i < size; i += 1) {
    entries.push(i % 3 === 0 ? `POST /resources-${i % 250} {"name":"Item ${i}","amount":${i * 100}}` : `PATCH /resources-${i % 250}/r${i}_${i} {"note":"n${i}"}`);
  }
  return entries;
}

/** About `bytes` of compact JSON: an envelope with a list of invoice-like objects full of IDs. */
export function bigJson(bytes = 1_000_000): string {
  const data: unknown[] = [];
  let size = 0;
  for (let i = 1; size < bytes; i += 1) {
    const item = {
      id: `inv_${i}`,
      number: `INV-${String(i).padStart(5, '0')}`,
      status: i % 4 === 0 ? 'paid' : 'finalised',
      contactId: `cont_${(i % 97) + 1}`,
      issueDate: '2026-01-15',
      dueDate: '2026-02-14',
      currency: 'GBP',
      reference: `PO-${i}`,
      notes: i % 5 === 0 ? 'Thanks for your business — "quoted" text, and a tab\there.' : null,
      lines: [{ description: 'Consulting, one day', quantity: 1, unitPrice: 12000, taxRate: 20, accountId: 'acc_13', netAmount: 12000, taxAmount: 2400, totalAmount: 14400 }],
      subtotal: 12000,
      taxTotal: 2400,
      total: 14400,
      metadata: { order: `PO-${i}`, region: 'north' },
    };
    data.push(item);
    size += JSON.stringify(item).length + 1;
  }
  return JSON.stringify({ success: true, data, meta: { page: 1, perPage: data.length, total: data.length, totalPages: 1 } });
}
