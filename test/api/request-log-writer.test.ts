import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestLogWriter } from '../../server/http/request-log.js';
import type { NewRequestLogRow } from '../../server/db/request-log.js';
import { startApi, type TestApi } from '../helpers/api.js';

const entry = (n: number): NewRequestLogRow => ({
  organisation_id: 1,
  mode: 'live',
  created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  method: 'GET',
  path: `/api/v1/thing/${n}`,
  status: 200,
  duration_ms: 1,
  key_id: null,
  user_id: 1,
  ip: '127.0.0.1',
  replayed: 0,
});

describe('request-log writer', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  const count = async () => Number((await api.db.selectFrom('request_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('buffers entries and writes them as one batch, not one write per request', async () => {
    let inserts = 0;
    const counting = new Proxy(api.db, {
      get(target, prop, receiver) {
        if (prop === 'insertInto') inserts += 1;
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    // A delay no test will reach: only the batch size or flush() writes.
    const writer = createRequestLogWriter(counting, { now: Date.now, flushDelayMs: 1e9, batchSize: 3 });
    const before = await count();
    writer.record(entry(1));
    writer.record(entry(2));
    await new Promise((resolve) => setImmediate(resolve));
    expect(inserts).toBe(0);
    expect(await count()).toBe(before);
    // The third entry fills the batch: one insert of three rows, without an explicit flush.
    writer.record(entry(3));
    await new Promise((resolve) => setImmediate(resolve));
    expect(inserts).toBe(1);
    await writer.flush();
    expect(inserts).toBe(1);
    expect(await count()).toBe(before + 3);
    writer.record(entry(4));
    await writer.flush();
    expect(await count()).toBe(before + 4);
    const paths = (await api.db.selectFrom('request_log').select('path').orderBy('id').execute()).map((r) => r.path).slice(-4);
    expect(paths).toEqual(['/api/v1/thing/1', '/api/v1/thing/2', '/api/v1/thing/3', '/api/v1/thing/4']);
  });

  it('keeps entries that failed to write and writes them on the next flush', async () => {
    const errors: unknown[] = [];
    let failNext = true;
    const flaky = new Proxy(api.db, {
      get(target, prop, receiver) {
        if (prop === 'insertInto' && failNext) {
          failNext = false;
          return () => {
            throw new Error('database unavailable');
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const writer = createRequestLogWriter(flaky, { now: Date.now, flushDelayMs: 1e9, onError: (err) => errors.push(err) });
    const before = await count();
    writer.record(entry(5));
    await writer.flush();
    expect(errors).toHaveLength(1);
    expect(await count()).toBe(before);
    await writer.flush();
    expect(await count()).toBe(before + 1);
  });
});
