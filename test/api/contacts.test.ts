import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startApi, fakeClock, type TestApi } from '../helpers/api.js';
import { expectData, expectError, invalidFields, signUp, type Client } from '../helpers/bookkeeping.js';
import { idsWithMetadata } from '../../server/db/metadata.js';
import { engineOf } from '../../server/db/engine.js';

describe('/contacts', () => {
  let api: TestApi;
  let owner: Client;
  let stranger: Client;
  const clock = fakeClock();
  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now } });
    owner = await signUp(api);
    stranger = await signUp(api);
  });
  afterAll(() => api.close());

  describe('CRUD', () => {
    it('creates a contact with defaults and returns it with a prefixed ID and Location', async () => {
      const res = await owner.post('/contacts', { name: '  Acme Ltd ', email: 'accounts@acme.test' });
      const contact = expectData(res, 201);
      expect(contact).toEqual({
        id: expect.stringMatching(/^cont_\d+$/),
        name: 'Acme Ltd',
        type: 'customer',
        email: 'accounts@acme.test',
        phone: null,
        taxNumber: null,
        address: null,
        metadata: {},
        createdAt: '2026-01-15T09:00:00.000Z',
        updatedAt: '2026-01-15T09:00:00.000Z',
      });
      expect(res.headers.get('location')).toBe(`/api/v1/contacts/${contact.id}`);
      expect(expectData(await owner.get(`/contacts/${contact.id}`))).toEqual(contact);
    });

    it('stores a full contact with an address', async () => {
      const body = {
        name: 'Brindle & Co',
        type: 'supplier',
        phone: '+44 20 7946 0000',
        taxNumber: 'GB123456789',
        address: { line1: '1 High Street', city: 'Leeds', postcode: 'LS1 1AA', country: 'GB' },
      };
      const contact = expectData(await owner.post('/contacts', body), 201);
      expect(contact).toMatchObject({
        ...body,
        address: { line1: '1 High Street', line2: null, city: 'Leeds', region: null, postcode: 'LS1 1AA', country: 'GB' },
      });
    });

    it('PATCH changes only the given fields; null clears one', async () => {
      const created = expectData(await owner.post('/contacts', { name: 'Patchy', email: 'p@x.test', phone: '123' }), 201);
      clock.advance(60_000);
      const patched = expectData(await owner.patch(`/contacts/${created.id}`, { phone: null, type: 'both' }));
      expect(patched).toMatchObject({ name: 'Patchy', email: 'p@x.test', phone: null, type: 'both' });
      expect(patched.updatedAt).toBe('2026-01-15T09:01:00.000Z');
      expect(patched.createdAt).toBe(created.createdAt);
    });

    it('PUT replaces the record: fields left out go back to their defaults', async () => {
      const created = expectData(await owner.post('/contacts', { name: 'Putty', email: 'p@x.test', type: 'supplier' }), 201);
      const replaced = expectData(await owner.put(`/contacts/${created.id}`, { name: 'Putty 2' }));
      expect(replaced).toMatchObject({ name: 'Putty 2', email: null, type: 'customer' });
      invalidFields(await owner.put(`/contacts/${created.id}`, { email: 'x@y.test' }));
    });

    it('deletes an unreferenced contact; afterwards it is 404', async () => {
      const created = expectData(await owner.post('/contacts', { name: 'Gone soon' }), 201);
      expect(expectData(await owner.delete(`/contacts/${created.id}`))).toEqual({ id: created.id, deleted: true });
      expectError(await owner.get(`/contacts/${created.id}`), 404, 'not_found');
      expectError(await owner.delete(`/contacts/${created.id}`), 404, 'not_found');
    });

    it('lists every invalid field of a body at once', async () => {
      const res = await owner.post('/contacts', { name: '', email: 'not-an-email', type: 'friend', nmae: 'typo', address: { town: 'x' } });
      expect(invalidFields(res)).toEqual(['address.town', 'email', 'name', 'nmae', 'type']);
    });
  });

  describe('IDs and isolation', () => {
    let contactId: string;
    beforeAll(async () => {
      contactId = expectData(await owner.post('/contacts', { name: 'Private' }), 201).id;
    });

    it('answers a wrong-prefix or malformed ID with the same 404 as a missing one', async () => {
      const missing = await owner.get('/contacts/cont_999999');
      const error = expectError(missing, 404, 'not_found');
      expect(error.message).toBe('Contact not found');
      for (const bad of [contactId.replace('cont_', 'inv_'), 'cont_0', 'cont_x', '42']) {
        expect((await owner.get(`/contacts/${bad}`)).json).toEqual(missing.json);
      }
    });

    it('hides another organisation’s contact behind the same 404, for every verb', async () => {
      const missing = (await stranger.get('/contacts/cont_999999')).json;
      expect((await stranger.get(`/contacts/${contactId}`)).json).toEqual(missing);
      expect((await stranger.patch(`/contacts/${contactId}`, { name: 'Hijack' })).json).toEqual(missing);
      expect((await stranger.put(`/contacts/${contactId}`, { name: 'Hijack' })).json).toEqual(missing);
      expect((await stranger.delete(`/contacts/${contactId}`)).json).toEqual(missing);
      expect(expectData(await stranger.get('/contacts'))).toEqual([]);
      expect(expectData(await owner.get(`/contacts/${contactId}`)).name).toBe('Private');
    });

    it('keeps test mode apart from live mode', async () => {
      const test = owner.inMode('test');
      expectError(await test.get(`/contacts/${contactId}`), 404, 'not_found');
      const testContact = expectData(await test.post('/contacts', { name: 'Test-mode contact' }), 201);
      expectError(await owner.get(`/contacts/${testContact.id}`), 404, 'not_found');
      const testNames = expectData(await test.get('/contacts?perPage=100')).map((c: { name: string }) => c.name);
      expect(testNames).toEqual(['Test-mode contact']);
      const liveNames = expectData(await owner.get('/contacts?perPage=100')).map((c: { name: string }) => c.name);
      expect(liveNames).not.toContain('Test-mode contact');
    });
  });

  describe('pagination', () => {
    let c: Client;
    let ids: string[];
    beforeAll(async () => {
      c = await signUp(api);
      ids = [];
      for (const name of ['One', 'Two', 'Three']) ids.push(expectData(await c.post('/contacts', { name }), 201).id);
    });

    it('pages newest first with correct meta', async () => {
      const first = await c.get('/contacts?perPage=2');
      expect(expectData(first).map((x: { id: string }) => x.id)).toEqual([ids[2], ids[1]]);
      expect(first.json.meta).toEqual({ page: 1, perPage: 2, total: 3, totalPages: 2 });
      const second = await c.get('/contacts?perPage=2&page=2');
      expect(expectData(second).map((x: { id: string }) => x.id)).toEqual([ids[0]]);
      expect(second.json.meta).toEqual({ page: 2, perPage: 2, total: 3, totalPages: 2 });
    });

    it('answers a page past the end with no data and the true totals', async () => {
      const res = await c.get('/contacts?perPage=2&page=5');
      expect(expectData(res)).toEqual([]);
      expect(res.json.meta).toEqual({ page: 5, perPage: 2, total: 3, totalPages: 2 });
    });

    it('defaults to 25 per page', async () => {
      expect((await c.get('/contacts')).json.meta).toEqual({ page: 1, perPage: 25, total: 3, totalPages: 1 });
    });

    it('refuses perPage 0 and 101, page 0 and non-numbers', async () => {
      expect(invalidFields(await c.get('/contacts?perPage=0'))).toEqual(['perPage']);
      expect(invalidFields(await c.get('/contacts?perPage=101'))).toEqual(['perPage']);
      expect(invalidFields(await c.get('/contacts?page=0'))).toEqual(['page']);
      expect(invalidFields(await c.get('/contacts?page=two&perPage=1.5'))).toEqual(['page', 'perPage']);
      expect(expectData(await c.get('/contacts?perPage=100')).length).toBe(3);
      expect(expectData(await c.get('/contacts?perPage=1')).length).toBe(1);
    });

    it('filters by type', async () => {
      expectData(await c.post('/contacts', { name: 'Supplier', type: 'supplier' }), 201);
      expect(expectData(await c.get('/contacts?type=supplier')).map((x: { name: string }) => x.name)).toEqual(['Supplier']);
      expect(invalidFields(await c.get('/contacts?type=friend'))).toEqual(['type']);
    });
  });

  describe('metadata', () => {
    let c: Client;
    beforeAll(async () => {
      c = await signUp(api);
    });

    it('merges on PATCH and PUT: set keys, null deletes, absent keys stay', async () => {
      const created = expectData(await c.post('/contacts', { name: 'Meta', metadata: { crmId: 'C-1', tier: 'gold', region: 'north' } }), 201);
      expect(created.metadata).toEqual({ crmId: 'C-1', tier: 'gold', region: 'north' });
      const patched = expectData(await c.patch(`/contacts/${created.id}`, { metadata: { tier: 'silver', region: null, owner: 'sam' } }));
      expect(patched.metadata).toEqual({ crmId: 'C-1', tier: 'silver', owner: 'sam' });
      const untouched = expectData(await c.patch(`/contacts/${created.id}`, { name: 'Meta 2' }));
      expect(untouched.metadata).toEqual({ crmId: 'C-1', tier: 'silver', owner: 'sam' });
      const put = expectData(await c.put(`/contacts/${created.id}`, { name: 'Meta 3', metadata: { crmId: null } }));
      expect(put.metadata).toEqual({ tier: 'silver', owner: 'sam' });
      expect(expectData(await c.get(`/contacts/${created.id}`)).metadata).toEqual({ tier: 'silver', owner: 'sam' });
    });

    it('refuses a "__proto__" key by name rather than dropping it silently', async () => {
      const res = await api.request('POST', '/contacts', {
        token: c.token,
        rawBody: '{"name":"Proto","metadata":{"__proto__":"p","x":"1"}}',
        headers: { 'content-type': 'application/json' },
      });
      expect(invalidFields(res)).toEqual(['metadata.__proto__']);
    });

    it('enforces every limit with a validation_error naming the key', async () => {
      const created = expectData(await c.post('/contacts', { name: 'Limits' }), 201);
      const path = `/contacts/${created.id}`;
      const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`key${i}`, 'v']));
      expect(expectData(await c.patch(path, { metadata: fifty })).metadata).toEqual(fifty);
      const over = expectError(await c.patch(path, { metadata: { oneTooMany: 'v' } }), 400, 'validation_error');
      expect(over.details).toEqual([{ field: 'metadata.oneTooMany', message: expect.stringMatching(/at most 50 keys/) }]);
      // Swapping a key keeps the count at 50.
      expect(Object.keys(expectData(await c.patch(path, { metadata: { key0: null, swapped: 'v' } })).metadata)).toHaveLength(50);

      const longKey = 'k'.repeat(41);
      expect(invalidFields(await c.post('/contacts', { name: 'x', metadata: { [longKey]: 'v' } }))).toEqual([`metadata.${longKey}`]);
      expect(invalidFields(await c.post('/contacts', { name: 'x', metadata: { '': 'v' } }))).toEqual(['metadata.']);
      expect(invalidFields(await c.post('/contacts', { name: 'x', metadata: { note: 'v'.repeat(501) } }))).toEqual(['metadata.note']);
      expect(expectData(await c.post('/contacts', { name: 'x', metadata: { ['k'.repeat(40)]: 'v'.repeat(500) } }), 201)).toBeTruthy();
      const reserved = expectError(await c.post('/contacts', { name: 'x', metadata: { _sb_source: 'v' } }), 400, 'validation_error');
      expect(reserved.details).toEqual([{ field: 'metadata._sb_source', message: expect.stringMatching(/reserved/) }]);
      expect(invalidFields(await c.post('/contacts', { name: 'x', metadata: { count: 3, nested: { a: 'b' } } }))).toEqual([
        'metadata.count',
        'metadata.nested',
      ]);
      expect(invalidFields(await c.post('/contacts', { name: 'x', metadata: 'flat' }))).toEqual(['metadata']);
      // A refused write changes nothing.
      expect(Object.keys(expectData(await c.get(path)).metadata)).toHaveLength(50);
    });

    it('filters lists by ?metadata[key]=value, all pairs matching', async () => {
      const f = await signUp(api);
      const a = expectData(await f.post('/contacts', { name: 'A', metadata: { tier: 'gold', region: 'north' } }), 201);
      const b = expectData(await f.post('/contacts', { name: 'B', metadata: { tier: 'gold', region: 'south' } }), 201);
      expectData(await f.post('/contacts', { name: 'C', metadata: { tier: 'bronze' } }), 201);
      const gold = await f.get('/contacts?metadata[tier]=gold');
      expect(expectData(gold).map((x: { id: string }) => x.id)).toEqual([b.id, a.id]);
      expect(gold.json.meta.total).toBe(2);
      expect(expectData(await f.get('/contacts?metadata[tier]=gold&metadata[region]=north')).map((x: { id: string }) => x.id)).toEqual([a.id]);
      expect(expectData(await f.get('/contacts?metadata[tier]=platinum'))).toEqual([]);
      // Editing metadata moves a record in or out of the filter.
      expectData(await f.patch(`/contacts/${a.id}`, { metadata: { tier: null } }));
      expect(expectData(await f.get('/contacts?metadata[tier]=gold')).map((x: { id: string }) => x.id)).toEqual([b.id]);
      // Another organisation with the same metadata sees only its own.
      const g = await signUp(api);
      expectData(await g.post('/contacts', { name: 'G', metadata: { tier: 'gold' } }), 201);
      expect(expectData(await g.get('/contacts?metadata[tier]=gold')).map((x: { name: string }) => x.name)).toEqual(['G']);
      expect(invalidFields(await f.get('/contacts?metadata=gold'))).toEqual(['metadata']);
      expect(invalidFields(await f.get(`/contacts?metadata[${'k'.repeat(41)}]=x`))).toEqual([`metadata.${'k'.repeat(41)}`]);
      // Keys named like Object.prototype members filter too (the query parser would drop them).
      const proto = expectData(await f.post('/contacts', { name: 'Ctor', metadata: { constructor: 'yes', toString: 'no' } }), 201);
      expect(expectData(await f.get('/contacts?metadata[constructor]=yes')).map((x: { id: string }) => x.id)).toEqual([proto.id]);
      expect(expectData(await f.get('/contacts?metadata[toString]=yes'))).toEqual([]);
    });

    it('answers the metadata filter from the index, not a table scan', async () => {
      const tenant = { organisationId: 1, mode: 'live' as const };
      const compiled = idsWithMetadata(api.db, tenant, 'contact', 'tier', 'gold').compile();
      const plan = await api.db.transaction().execute(async (trx) => {
        if (engineOf(trx) === 'postgres') {
          // Tiny test tables make a sequential scan cheapest; forbid it to see whether the index serves.
          await sql`set local enable_seqscan = off`.execute(trx);
          const rows = await trx.executeQuery<Record<string, string>>({ ...compiled, sql: `explain ${compiled.sql}` });
          return rows.rows.map((r) => Object.values(r).join(' ')).join('\n');
        }
        const rows = await trx.executeQuery<{ detail: string }>({ ...compiled, sql: `explain query plan ${compiled.sql}` });
        return rows.rows.map((r) => r.detail).join('\n');
      });
      // PostgreSQL's planner, with no statistics on these tiny tables, may serve the filter from either
      // index; what matters there is that it is an index, not a scan.
      expect(plan).toMatch(engineOf(api.db) === 'postgres' ? /Index (Only )?Scan using metadata_entries_(lookup|record)/ : /metadata_entries_lookup/);
      expect(plan).not.toMatch(/SCAN metadata_entries(?! USING)|Seq Scan/);
    });

    it('rewrites one record’s metadata by a point lookup, not a range over the tenant’s entries', async () => {
      // The shape of deleteMetadataEntries (server/db/metadata.ts), which every metadata write runs first.
      const compiled = api.db
        .deleteFrom('metadata_entries')
        .where('resource', '=', 'contact')
        .where('resource_id', '=', 1)
        .where('organisation_id', '=', 1)
        .where('mode', '=', 'live')
        .compile();
      const plan = await api.db.transaction().execute(async (trx) => {
        if (engineOf(trx) === 'postgres') {
          await sql`set local enable_seqscan = off`.execute(trx);
          const rows = await trx.executeQuery<Record<string, string>>({ ...compiled, sql: `explain ${compiled.sql}` });
          return rows.rows.map((r) => Object.values(r).join(' ')).join('\n');
        }
        const rows = await trx.executeQuery<{ detail: string }>({ ...compiled, sql: `explain query plan ${compiled.sql}` });
        return rows.rows.map((r) => r.detail).join('\n');
      });
      expect(plan).toMatch(/metadata_entries_record|metadata_entries_pk|sqlite_autoindex_metadata_entries/);
      expect(plan).not.toMatch(/metadata_entries_lookup/);
    });
  });
});
