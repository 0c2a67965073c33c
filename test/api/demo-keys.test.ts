import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/seed/demo.js';
import { deriveDemoKey } from '../../server/auth/api-keys.js';
import { startApi, type TestApi } from '../helpers/api.js';

describe('demo API keys', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  const keyRows = () => api.db.selectFrom('api_keys').selectAll().execute();

  it('seeds a live and a test key with every scope, storing no plaintext', async () => {
    const demo = await seedDemo(api.context);
    expect(demo.testKey).toMatch(/^sk_test_[A-Za-z0-9_-]{43}$/);
    expect(demo.liveKey).toMatch(/^sk_live_[A-Za-z0-9_-]{43}$/);
    const rows = await keyRows();
    expect(rows.map((r) => [r.mode, JSON.parse(r.scopes)]).sort()).toEqual([
      ['live', ['*']],
      ['test', ['*']],
    ]);
    for (const row of rows) {
      expect(row.organisation_id).toBe(demo.organisationId);
      expect(row.created_by).toBe(demo.userId);
    }
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(demo.testKey!.slice(8));
    expect(dump).not.toContain(demo.liveKey!.slice(8));

    const asTest = await api.request('GET', '/contacts', { apiKey: demo.testKey! });
    expect(asTest.status).toBe(200);
    const asLive = await api.request('GET', '/request-log', { apiKey: demo.liveKey! });
    expect(asLive.status).toBe(200);
  });

  it('is idempotent: re-seeding yields the same keys and no new rows', async () => {
    const first = await seedDemo(api.context);
    const before = await keyRows();
    const second = await seedDemo(api.context);
    expect(second.testKey).toBe(first.testKey);
    expect(second.liveKey).toBe(first.liveKey);
    expect(await keyRows()).toEqual(before);
  });

  it('restores a revoked demo key on the next start, because the demo page depends on it', async () => {
    const demo = await seedDemo(api.context);
    await api.db.updateTable('api_keys').set({ revoked_at: new Date().toISOString() }).execute();
    expect((await api.request('GET', '/contacts', { apiKey: demo.testKey! })).status).toBe(401);
    await seedDemo(api.context);
    expect((await api.request('GET', '/contacts', { apiKey: demo.testKey! })).status).toBe(200);
  });

  it('derives the keys from the server pepper, so another deployment has other keys', () => {
    const a = deriveDemoKey('pepper-one-pepper-one-pepper-one-0000', 'test');
    const b = deriveDemoKey('pepper-two-pepper-two-pepper-two-0000', 'test');
    expect(a).not.toBe(b);
    expect(deriveDemoKey('pepper-one-pepper-one-pepper-one-0000', 'test')).toBe(a);
    expect(deriveDemoKey('pepper-one-pepper-one-pepper-one-0000', 'live')).not.toBe(a.replace('sk_test_', 'sk_live_'));
  });
});
