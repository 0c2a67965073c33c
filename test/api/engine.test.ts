import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineOf } from '../../server/db/engine.js';
import { startApi, type TestApi } from '../helpers/api.js';
import { testEngine } from '../helpers/test-database.js';

describe('the suite’s database engine', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('runs the app on the engine this project asked for', () => {
    expect(engineOf(api.db)).toBe(testEngine());
  });

  it('reports healthy when the database answers', async () => {
    const res = await api.request('GET', '/healthz');
    expect(res.json.data.status).toBe('ok');
  });
});
