import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Generated, type Kysely } from 'kysely';
import { z } from 'zod';
import { insertIdempotencyClaim } from '../../server/db/idempotency.js';
import { addIdColumn, engineOf } from '../../server/db/engine.js';
import type { DB } from '../../server/db/open.js';
import { conflict } from '../../server/http/errors.js';
import { IDEMPOTENCY_STALE_CLAIM_MS, IDEMPOTENCY_TTL_MS } from '../../server/http/idempotency.js';
import { requestFingerprint } from '../../server/http/idempotency-key.js';
import { defineRoute } from '../../server/http/route.js';
import { fakeClock, registerOrg, startApi, type TestApi } from '../helpers/api.js';
import { createKey, flushRequestLog, type CreatedKey } from '../helpers/api-keys.js';

// A table only this test app has, so injected handlers can write a "resource" and we can count it.
interface WidgetDb {
  test_widgets: { id: Generated<number>; name: string };
  idempotency_keys: { claim_token: string };
}
const widgets = (db: DB) => db as unknown as Kysely<WidgetDb>;
const widgetBody = z.strictObject({ name: z.string().min(1) });

const control = { failuresLeft: 0, refuse: true };

const testRoutes = [
  // Writes, then throws an unexpected error while `failuresLeft` > 0.
  defineRoute({
    method: 'post',
    path: '/test/widgets/flaky',
    operationId: 'testFlakyWidget',
    summary: 'Fails after writing',
    tag: 'Test',
    access: 'principal',
    scope: 'contacts:write',
    body: widgetBody,
    status: 201,
    handler: async ({ db, body }) => {
      const row = await widgets(db).insertInto('test_widgets').values({ name: body.name }).returning('id').executeTakeFirstOrThrow();
      if (control.failuresLeft > 0) {
        control.failuresLeft -= 1;
        throw new Error('simulated crash after a write');
      }
      return { status: 201, data: { id: row.id, name: body.name } };
    },
  }),
  // Writes, then answers 503 itself (no throw).
  defineRoute({
    method: 'post',
    path: '/test/widgets/unavailable',
    operationId: 'testUnavailableWidget',
    summary: 'Answers 503 after writing',
    tag: 'Test',
    access: 'principal',
    scope: 'contacts:write',
    body: widgetBody,
    handler: async ({ db, body }) => {
      await widgets(db).insertInto('test_widgets').values({ name: body.name }).execute();
      return { status: 503, data: { retry: true } };
    },
  }),
  // Writes, then refuses with 409 while `refuse` is set.
  defineRoute({
    method: 'post',
    path: '/test/widgets/guarded',
    operationId: 'testGuardedWidget',
    summary: 'Refuses with 409 after writing',
    tag: 'Test',
    access: 'principal',
    scope: 'contacts:write',
    body: widgetBody,
    status: 201,
    handler: async ({ db, body }) => {
      const row = await widgets(db).insertInto('test_widgets').values({ name: body.name }).returning('id').executeTakeFirstOrThrow();
      if (control.refuse) throw conflict('The guard is closed');
      return { status: 201, data: { id: row.id } };
    },
  }),
  // Writes, then loses its claim as if another process had taken it over.
  defineRoute({
    method: 'post',
    path: '/test/widgets/overtaken',
    operationId: 'testOvertakenWidget',
    summary: 'Loses its idempotency claim mid-flight',
    tag: 'Test',
    access: 'principal',
    scope: 'contacts:write',
    body: widgetBody,
    handler: async ({ db, body }) => {
      await widgets(db).insertInto('test_widgets').values({ name: body.name }).execute();
      await widgets(db).updateTable('idempotency_keys').set({ claim_token: 'someone-else' }).execute();
      return { data: { ok: true } };
    },
  }),
];

describe('Idempotency-Key over real HTTP', () => {
  let api: TestApi;
  let owner: Awaited<ReturnType<typeof registerOrg>>;
  let key: CreatedKey;
  let otherKey: CreatedKey;
  const clock = fakeClock();
  let seq = 0;
  const fresh = (label = 'k') => `${label}-${++seq}-${'x'.repeat(8)}`;

  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now }, extraRoutes: testRoutes });
    const db = widgets(api.db);
    await addIdColumn(db.schema.createTable('test_widgets'), engineOf(api.db))
      .addColumn('name', 'text', (c) => c.notNull())
      .execute();
    owner = await registerOrg(api);
    key = await createKey(api, owner.token, { name: 'integration' });
    otherKey = await createKey(api, owner.token, { name: 'other integration' });
  });
  afterAll(() => api.close());

  const post = (path: string, body: unknown, idempotencyKey?: string, auth: { apiKey?: string; token?: string } = { apiKey: key.secret }) =>
    api.request('POST', path, { ...auth, body, headers: idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey } });
  /** A session token valid at the fake clock's current time (tests move it by days). */
  const freshToken = async () =>
    (await api.request('POST', '/auth/login', { body: { email: owner.email, password: owner.password } })).json.data.accessToken as string;
  const contactsNamed = async (name: string) => {
    const res = await api.request('GET', '/contacts?perPage=100', { apiKey: key.secret });
    return res.json.data.filter((c: { name: string }) => c.name === name).length;
  };
  const widgetCount = async (name: string) =>
    Number(
      (await widgets(api.db).selectFrom('test_widgets').select((eb) => eb.fn.countAll().as('n')).where('name', '=', name).executeTakeFirstOrThrow()).n,
    );

  it('replays a completed request byte for byte, with Idempotent-Replayed, without running it again', async () => {
    const k = fresh();
    const first = await post('/contacts', { name: 'Replay Ltd', email: 'a@example.com' }, k);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await post('/contacts', { email: 'a@example.com', name: 'Replay Ltd' }, k);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.text).toBe(first.text);
    expect(again.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('location')).toBe(`/api/v1/contacts/${first.json.data.id}`);
    expect(await contactsNamed('Replay Ltd')).toBe(1);
  });

  it('answers the same key with a different body, path or method with 422 idempotency_mismatch', async () => {
    const k = fresh();
    const created = await post('/contacts', { name: 'Mismatch Ltd' }, k);
    expect(created.status).toBe(201);
    const otherBody = await post('/contacts', { name: 'Mismatch Ltd.' }, k);
    expect(otherBody.status).toBe(422);
    expect(otherBody.json.error.code).toBe('idempotency_mismatch');
    const otherPath = await post('/test/widgets/flaky', { name: 'Mismatch Ltd' }, k);
    expect(otherPath.status).toBe(422);

    const id = created.json.data.id as string;
    const k2 = fresh();
    const patched = await api.request('PATCH', `/contacts/${id}`, { apiKey: key.secret, body: { name: 'Mismatch Ltd', phone: '0123' }, headers: { 'idempotency-key': k2 } });
    expect(patched.status).toBe(200);
    const otherMethod = await api.request('PUT', `/contacts/${id}`, { apiKey: key.secret, body: { name: 'Mismatch Ltd', phone: '0123' }, headers: { 'idempotency-key': k2 } });
    expect(otherMethod.status).toBe(422);
    expect(otherMethod.json.error.code).toBe('idempotency_mismatch');
    expect(await contactsNamed('Mismatch Ltd')).toBe(1);
    expect(await contactsNamed('Mismatch Ltd.')).toBe(0);
  });

  it('does not record a request rejected by validation, so the corrected retry runs', async () => {
    const k = fresh();
    const invalid = await post('/contacts', { name: '' }, k);
    expect(invalid.status).toBe(400);
    const corrected = await post('/contacts', { name: 'Corrected Ltd' }, k);
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get('idempotent-replayed')).toBeNull();
    const replay = await post('/contacts', { name: 'Corrected Ltd' }, k);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('does not record requests refused by authentication or scope', async () => {
    const k = fresh();
    const readOnly = await createKey(api, owner.token, { scopes: ['contacts:read'] });
    expect((await post('/contacts', { name: 'Scoped Ltd' }, k, { apiKey: readOnly.secret })).status).toBe(403);
    const rows = await api.db.selectFrom('idempotency_keys').select('id').where('idem_key', '=', k).execute();
    expect(rows).toEqual([]);
  });

  it('treats the quoted form "abc" and the plain form abc as one key', async () => {
    const k = fresh();
    const quoted = await post('/contacts', { name: 'Quoted Ltd' }, `"${k}"`);
    expect(quoted.status).toBe(201);
    const plain = await post('/contacts', { name: 'Quoted Ltd' }, k);
    expect(plain.headers.get('idempotent-replayed')).toBe('true');
    expect(plain.text).toBe(quoted.text);
    expect(await contactsNamed('Quoted Ltd')).toBe(1);
  });

  it('rejects keys that are not 1–255 printable ASCII with 400, creating nothing', async () => {
    for (const bad of ['x'.repeat(256), 'caf\u00e9', '""']) {
      const res = await api.request('POST', '/contacts', {
        apiKey: key.secret,
        body: { name: 'Bad Key Ltd' },
        headers: { 'idempotency-key': Buffer.from(bad, 'utf8').toString('latin1') },
      });
      expect(res.status, bad).toBe(400);
      expect(res.json.error.code).toBe('validation_error');
      expect(res.json.error.details[0].field).toBe('Idempotency-Key');
    }
    expect((await post('/contacts', { name: 'Bad Key Ltd' }, 'x'.repeat(255))).status).toBe(201);
    expect(await contactsNamed('Bad Key Ltd')).toBe(1);
  });

  it('creates exactly one resource from 20 concurrent requests with one key', async () => {
    const k = fresh();
    const responses = await Promise.all(Array.from({ length: 20 }, () => post('/contacts', { name: 'Concurrent Ltd' }, k)));
    const statuses = responses.map((r) => r.status);
    for (const status of statuses) expect([201, 409]).toContain(status);
    const created = responses.filter((r) => r.status === 201);
    expect(created.filter((r) => r.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    for (const r of created) expect(r.text).toBe(created[0]!.text);
    for (const r of responses.filter((res) => res.status === 409)) expect(r.json.error.code).toBe('idempotency_conflict');
    expect(await contactsNamed('Concurrent Ltd')).toBe(1);
  });

  it('releases the key after a handler throws (500), rolling back its writes, so the retry runs for real', async () => {
    const k = fresh();
    control.failuresLeft = 1;
    const failed = await post('/test/widgets/flaky', { name: 'flaky' }, k);
    expect(failed.status).toBe(500);
    expect(await widgetCount('flaky')).toBe(0);
    const retry = await post('/test/widgets/flaky', { name: 'flaky' }, k);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(await widgetCount('flaky')).toBe(1);
    const replay = await post('/test/widgets/flaky', { name: 'flaky' }, k);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await widgetCount('flaky')).toBe(1);
  });

  it('releases the key after a handler answers 5xx itself', async () => {
    const k = fresh();
    const first = await post('/test/widgets/unavailable', { name: 'unavailable' }, k);
    expect(first.status).toBe(503);
    expect(first.json).toEqual({ success: true, data: { retry: true } });
    const second = await post('/test/widgets/unavailable', { name: 'unavailable' }, k);
    expect(second.status).toBe(503);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect(await widgetCount('unavailable')).toBe(0);
  });

  it('stores a 4xx of an executed request (its writes rolled back) and replays it', async () => {
    const k = fresh();
    control.refuse = true;
    const refused = await post('/test/widgets/guarded', { name: 'guarded' }, k);
    expect(refused.status).toBe(409);
    expect(refused.json.error).toEqual({ code: 'conflict', message: 'The guard is closed' });
    expect(await widgetCount('guarded')).toBe(0);
    control.refuse = false;
    const replay = await post('/test/widgets/guarded', { name: 'guarded' }, k);
    expect(replay.status).toBe(409);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.text).toBe(refused.text);
    expect(await widgetCount('guarded')).toBe(0);
    expect((await post('/test/widgets/guarded', { name: 'guarded' }, fresh())).status).toBe(201);

    const missing = fresh();
    const notFound = await api.request('PATCH', '/contacts/cont_999999', { apiKey: key.secret, body: { name: 'x' }, headers: { 'idempotency-key': missing } });
    expect(notFound.status).toBe(404);
    const notFoundAgain = await api.request('PATCH', '/contacts/cont_999999', { apiKey: key.secret, body: { name: 'x' }, headers: { 'idempotency-key': missing } });
    expect(notFoundAgain.headers.get('idempotent-replayed')).toBe('true');
    expect(notFoundAgain.text).toBe(notFound.text);
  });

  it('commits the handler’s writes only together with the key: a lost claim rolls them back', async () => {
    const res = await post('/test/widgets/overtaken', { name: 'overtaken' }, fresh());
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('idempotency_conflict');
    expect(await widgetCount('overtaken')).toBe(0);
  });

  it('expires keys after 24 hours, and housekeeping purges them', async () => {
    const k = fresh();
    const start = clock.now();
    expect((await post('/contacts', { name: 'Expiring Ltd' }, k)).status).toBe(201);
    clock.advance(IDEMPOTENCY_TTL_MS - 1);
    expect((await post('/contacts', { name: 'Expiring Ltd' }, k)).headers.get('idempotent-replayed')).toBe('true');
    clock.advance(1);
    const after = await post('/contacts', { name: 'Expiring Ltd' }, k);
    expect(after.status).toBe(201);
    expect(after.headers.get('idempotent-replayed')).toBeNull();
    expect(await contactsNamed('Expiring Ltd')).toBe(2);

    const stale = fresh();
    clock.set(start);
    await post('/contacts', { name: 'Purged Ltd' }, stale);
    clock.set(start + IDEMPOTENCY_TTL_MS + 1);
    const keyRows = () => api.db.selectFrom('idempotency_keys').select('id').where('idem_key', '=', stale).execute();
    expect(await keyRows()).toHaveLength(1);
    await api.context.housekeeping.runNow();
    expect(await keyRows()).toHaveLength(0);
  });

  it('scopes keys to the principal: two keys and a user may use one key string independently', async () => {
    const shared = fresh('shared');
    const a = await post('/contacts', { name: 'Shared A' }, shared, { apiKey: key.secret });
    const b = await post('/contacts', { name: 'Shared B' }, shared, { apiKey: otherKey.secret });
    const user = await post('/contacts', { name: 'Shared U' }, shared, { token: await freshToken() });
    for (const res of [a, b, user]) {
      expect(res.status).toBe(201);
      expect(res.headers.get('idempotent-replayed')).toBeNull();
    }
    expect(new Set([a.json.data.id, b.json.data.id, user.json.data.id]).size).toBe(3);
  });

  it('ignores the header on GET and DELETE', async () => {
    const list = await api.request('GET', '/contacts', { apiKey: key.secret, headers: { 'idempotency-key': 'x'.repeat(300) } });
    expect(list.status).toBe(200);
    expect(list.headers.get('idempotent-replayed')).toBeNull();
    const created = await post('/contacts', { name: 'Deleted Ltd' }, fresh());
    const k = fresh();
    const del = { apiKey: key.secret, headers: { 'idempotency-key': k } };
    const first = await api.request('DELETE', `/contacts/${created.json.data.id}`, del);
    expect(first.status).toBe(200);
    const second = await api.request('DELETE', `/contacts/${created.json.data.id}`, del);
    expect(second.status).toBe(404);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect(await api.db.selectFrom('idempotency_keys').select('id').where('idem_key', '=', k).execute()).toEqual([]);
  });

  it('lets a key left in progress by a killed process be claimed after the timeout, with nothing half-written', async () => {
    const k = fresh();
    const body = { name: 'Crashed Ltd' };
    // The process claimed the key and died before its transaction committed: the claim row is
    // all that is left (its writes never committed).
    await insertIdempotencyClaim(api.db, {
      principal: `user:${Number(owner.user.id.slice(4))}`,
      key: k,
      fingerprint: requestFingerprint({ method: 'POST', url: '/api/v1/contacts', mode: 'live', body }),
      claimToken: 'dead-process',
      claimedAt: new Date(clock.now()).toISOString(),
      expiresAt: new Date(clock.now() + IDEMPOTENCY_TTL_MS).toISOString(),
    });
    const auth = { token: await freshToken() };
    const during = await post('/contacts', body, k, auth);
    expect(during.status).toBe(409);
    expect(during.json.error.code).toBe('idempotency_conflict');
    expect(await contactsNamed('Crashed Ltd')).toBe(0);

    clock.advance(IDEMPOTENCY_STALE_CLAIM_MS - 1);
    expect((await post('/contacts', body, k, auth)).status).toBe(409);
    clock.advance(1);
    const after = await post('/contacts', body, k, auth);
    expect(after.status).toBe(201);
    expect(after.headers.get('idempotent-replayed')).toBeNull();
    expect(await contactsNamed('Crashed Ltd')).toBe(1);
    const replay = await post('/contacts', body, k, auth);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await contactsNamed('Crashed Ltd')).toBe(1);
  });

  it('marks replayed requests in the request log', async () => {
    const k = fresh();
    await post('/contacts', { name: 'Logged Ltd' }, k, { apiKey: otherKey.secret });
    await post('/contacts', { name: 'Logged Ltd' }, k, { apiKey: otherKey.secret });
    await flushRequestLog(api);
    const log = await api.request('GET', `/request-log?keyId=${otherKey.id}&perPage=2`, { apiKey: key.secret });
    expect(log.json.data.map((e: { method: string; replayed: boolean }) => [e.method, e.replayed])).toEqual([
      ['POST', true],
      ['POST', false],
    ]);
  });

  it('leaves routes that opt out (sign-in, key creation) unaffected', async () => {
    const k = fresh();
    const headers = { 'idempotency-key': k };
    const token = await freshToken();
    const first = await api.request('POST', '/api-keys', { token, headers, body: { name: 'twice', scopes: ['*'] } });
    const second = await api.request('POST', '/api-keys', { token, headers, body: { name: 'twice', scopes: ['*'] } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json.data.secret).not.toBe(first.json.data.secret);
    // The secret never lands in the idempotency store.
    const stored = await sql<{ n: number }>`select count(*) as n from idempotency_keys where response_body like ${'%' + first.json.data.secret + '%'}`.execute(api.db);
    expect(Number(stored.rows[0]!.n)).toBe(0);
  });
});
