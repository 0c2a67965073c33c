import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, startApi, type TestApi } from '../helpers/api.js';
import { accountId, expectData, expectError, signUp, type Client } from '../helpers/bookkeeping.js';

const tesco = { field: 'description', operator: 'contains', value: 'tesco' };
const spending = { field: 'amount', operator: 'lt', value: 0 };

describe('/categorisation-rules', () => {
  let api: TestApi;
  let owner: Client;
  let stranger: Client;
  let officeCosts: string;
  let travel: string;
  const clock = fakeClock();

  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now } });
    owner = await signUp(api);
    stranger = await signUp(api);
    officeCosts = await accountId(owner, '7500');
    travel = await accountId(owner, '7400');
  });
  afterAll(() => api.close());

  const create = (c: Client, body: Record<string, unknown>) => c.post('/categorisation-rules', body);

  describe('CRUD', () => {
    it('creates a rule with defaults, after every existing rule, with a Location', async () => {
      const supplier = expectData(await owner.post('/contacts', { name: 'Tesco plc', type: 'supplier' }), 201);
      const res = await create(owner, { name: 'Groceries', conditions: [tesco, spending], accountId: officeCosts, contactId: supplier.id });
      const rule = expectData(res, 201);
      expect(rule).toEqual({
        id: expect.stringMatching(/^rule_\d+$/),
        name: 'Groceries',
        conditions: [tesco, spending],
        match: 'all',
        accountId: officeCosts,
        contactId: supplier.id,
        priority: expect.any(Number),
        active: true,
        createdAt: '2026-01-15T09:00:00.000Z',
        updatedAt: '2026-01-15T09:00:00.000Z',
      });
      expect(res.headers.get('location')).toBe(`/api/v1/categorisation-rules/${rule.id}`);
      expect(expectData(await owner.get(`/categorisation-rules/${rule.id}`))).toEqual(rule);

      const second = expectData(await create(owner, { name: 'Trains', conditions: [{ field: 'description', operator: 'startsWith', value: 'TFL' }], accountId: travel }), 201);
      expect(second.priority).toBeGreaterThan(rule.priority);
      expect(second.contactId).toBeNull();
      const list = await owner.get('/categorisation-rules');
      expect(list.json.data.map((r: { id: string }) => r.id).slice(-2)).toEqual([rule.id, second.id]);
      expect(list.json.meta).toMatchObject({ page: 1, perPage: 25 });
    });

    it('refuses to delete an account or contact that a rule names, so no rule is left dangling', async () => {
      const c = await signUp(api);
      const account = expectData(await c.post('/accounts', { code: '7650', name: 'Subscriptions', type: 'expense' }), 201);
      const contact = expectData(await c.post('/contacts', { name: 'Figma Inc', type: 'supplier' }), 201);
      const rule = expectData(await create(c, { name: 'Figma', conditions: [tesco], accountId: account.id, contactId: contact.id }), 201);

      const accountDelete = await c.delete(`/accounts/${account.id}`);
      expect(accountDelete.status).toBe(409);
      expect(accountDelete.json.error.message).toContain('1 categorisation rule');
      const contactDelete = await c.delete(`/contacts/${contact.id}`);
      expect(contactDelete.status).toBe(409);
      expect(contactDelete.json.error.message).toContain('1 categorisation rule');

      expect((await c.delete(`/categorisation-rules/${rule.id}`)).status).toBe(200);
      expect((await c.delete(`/accounts/${account.id}`)).status).toBe(200);
      expect((await c.delete(`/contacts/${contact.id}`)).status).toBe(200);
    });

    it('lists rules in priority order, not creation order', async () => {
      const c = await signUp(api);
      const acc = await accountId(c, '7500');
      const late = expectData(await create(c, { name: 'late', conditions: [tesco], accountId: acc, priority: 50 }), 201);
      const early = expectData(await create(c, { name: 'early', conditions: [tesco], accountId: acc, priority: 5 }), 201);
      const list = expectData(await c.get('/categorisation-rules'));
      expect(list.map((r: { id: string }) => r.id)).toEqual([early.id, late.id]);
    });

    it('PATCH replaces conditions, changes fields, and null clears the contact', async () => {
      const supplier = expectData(await owner.post('/contacts', { name: 'Uber', type: 'supplier' }), 201);
      const rule = expectData(await create(owner, { name: 'Cabs', conditions: [tesco], accountId: officeCosts, contactId: supplier.id }), 201);
      clock.advance(60_000);
      const patched = expectData(
        await owner.patch(`/categorisation-rules/${rule.id}`, {
          name: 'Taxis',
          conditions: [{ field: 'description', operator: 'contains', value: 'uber' }],
          match: 'any',
          accountId: travel,
          active: false,
          priority: 7,
        }),
      );
      expect(patched).toMatchObject({
        name: 'Taxis',
        conditions: [{ field: 'description', operator: 'contains', value: 'uber' }],
        match: 'any',
        accountId: travel,
        contactId: supplier.id,
        active: false,
        priority: 7,
        updatedAt: '2026-01-15T09:01:00.000Z',
      });
      expect(expectData(await owner.patch(`/categorisation-rules/${rule.id}`, { contactId: null })).contactId).toBeNull();
    });

    it('DELETE removes the rule', async () => {
      const rule = expectData(await create(owner, { name: 'Temp', conditions: [tesco], accountId: officeCosts }), 201);
      expect(expectData(await owner.delete(`/categorisation-rules/${rule.id}`))).toEqual({ id: rule.id, deleted: true });
      expectError(await owner.get(`/categorisation-rules/${rule.id}`), 404, 'not_found');
      expectError(await owner.delete(`/categorisation-rules/${rule.id}`), 404, 'not_found');
    });
  });

  describe('validation', () => {
    it('names the condition and the problem, and stores nothing', async () => {
      const before = expectData(await owner.get('/categorisation-rules?perPage=100')).length;
      const res = await create(owner, {
        name: 'Bad',
        conditions: [tesco, { field: 'description', operator: 'gt', value: 5 }, { field: 'amount', operator: 'between', value: [10, 1] }],
        accountId: officeCosts,
      });
      const error = expectError(res, 400, 'validation_error');
      expect(error.details).toEqual([
        { field: 'conditions.1.operator', message: expect.stringMatching(/^"gt" does not apply to the text field description/) },
        { field: 'conditions.2.value', message: 'must be [min, max] with min not above max (got [10, 1])' },
      ]);
      expect(error.message).toMatch(/^conditions\.1\.operator: "gt" does not apply to the text field description/);
      expect(expectData(await owner.get('/categorisation-rules?perPage=100')).length).toBe(before);
    });

    it('names unknown fields and metadata keys; accepts metadata.<key> conditions', async () => {
      const bad = await create(owner, { name: 'x', conditions: [{ field: 'payee', operator: 'equals', value: 'x' }], accountId: officeCosts });
      expect(expectError(bad, 400, 'validation_error').details[0]).toEqual({
        field: 'conditions.0.field',
        message: 'unknown field "payee"; use description, contactName, amount, reference or metadata.<key>',
      });
      const ok = await create(owner, { name: 'Project', conditions: [{ field: 'metadata.project', operator: 'equals', value: 'alpha' }], accountId: officeCosts });
      expect(expectData(ok, 201).conditions).toEqual([{ field: 'metadata.project', operator: 'equals', value: 'alpha' }]);
    });

    it('refuses an account or contact that is not this organisation’s with a 404 naming it', async () => {
      const theirs = await accountId(stranger, '7500');
      const res = await create(owner, { name: 'x', conditions: [tesco], accountId: theirs });
      expect(expectError(res, 404, 'not_found').message).toBe(`Account ${theirs} not found`);
      expect(expectError(await create(owner, { name: 'x', conditions: [tesco], accountId: 'acc_999999' }), 404, 'not_found').message).toBe(
        'Account acc_999999 not found',
      );
      const theirContact = expectData(await stranger.post('/contacts', { name: 'Secret' }), 201);
      const withContact = await create(owner, { name: 'x', conditions: [tesco], accountId: officeCosts, contactId: theirContact.id });
      expect(expectError(withContact, 404, 'not_found').message).toBe(`Contact ${theirContact.id} not found`);
    });
  });

  describe('isolation', () => {
    it("answers another organisation's rule IDs, and wrong prefixes, with 404", async () => {
      const rule = expectData(await create(owner, { name: 'Mine', conditions: [tesco], accountId: officeCosts }), 201);
      expectError(await stranger.get(`/categorisation-rules/${rule.id}`), 404, 'not_found');
      expectError(await stranger.patch(`/categorisation-rules/${rule.id}`, { name: 'Stolen' }), 404, 'not_found');
      expectError(await stranger.delete(`/categorisation-rules/${rule.id}`), 404, 'not_found');
      expectError(await stranger.post('/categorisation-rules/test', { ruleId: rule.id }), 404, 'not_found');
      expectError(await owner.get(`/categorisation-rules/${rule.id.replace('rule_', 'acc_')}`), 404, 'not_found');
      expect(expectData(await owner.get(`/categorisation-rules/${rule.id}`)).name).toBe('Mine');
      // Test mode is a separate dataset.
      expectError(await owner.inMode('test').get(`/categorisation-rules/${rule.id}`), 404, 'not_found');
    });
  });

  describe('the 100-rule limit', () => {
    it('refuses the 101st rule with a 409, per organisation and mode', async () => {
      const c = await signUp(api);
      const acc = await accountId(c, '7500');
      for (let i = 0; i < 100; i += 1) {
        expectData(await create(c, { name: `Rule ${i}`, conditions: [{ field: 'reference', operator: 'equals', value: `R${i}` }], accountId: acc }), 201);
      }
      const refused = expectError(await create(c, { name: 'One too many', conditions: [tesco], accountId: acc }), 409, 'conflict');
      expect(refused.message).toBe(
        'This organisation already has the maximum of 100 categorisation rules in live mode; delete or combine rules before adding another',
      );
      const list = await c.get('/categorisation-rules?perPage=100');
      expect(list.json.meta.total).toBe(100);
      // Test mode has its own 100.
      const testMode = c.inMode('test');
      expectData(await create(testMode, { name: 'Test rule', conditions: [tesco], accountId: await accountId(testMode, '7500') }), 201);
      // Deleting one makes room again.
      await c.delete(`/categorisation-rules/${list.json.data[0].id}`);
      expectData(await create(c, { name: 'Now fits', conditions: [tesco], accountId: acc }), 201);
      expectError(await create(c, { name: 'Full again', conditions: [tesco], accountId: acc }), 409, 'conflict');
    });

    it('holds under concurrent creation', async () => {
      const c = await signUp(api);
      const acc = await accountId(c, '7500');
      for (let i = 0; i < 95; i += 1) {
        expectData(await create(c, { name: `Rule ${i}`, conditions: [tesco], accountId: acc }), 201);
      }
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => create(c, { name: `Race ${i}`, conditions: [tesco], accountId: acc })));
      expect(results.filter((r) => r.status === 201)).toHaveLength(5);
      expect(results.filter((r) => r.status === 409)).toHaveLength(7);
      expect((await c.get('/categorisation-rules')).json.meta.total).toBe(100);
    });
  });

  describe('POST /categorisation-rules/test', () => {
    it('lists what a saved or unsaved rule would match and what it would become, changing nothing', async () => {
      const c = await signUp(api);
      const office = await accountId(c, '7500');
      const general = await accountId(c, '8000');
      const consulting = await accountId(c, '4100');
      const tescoContact = expectData(await c.post('/contacts', { name: 'Tesco plc', type: 'supplier' }), 201);
      const grocery = expectData(
        await c.post('/transactions', { date: '2026-01-02', description: 'CARD PAYMENT 1234', amount: -4599, contactId: tescoContact.id }),
        201,
      );
      const train = expectData(await c.post('/transactions', { date: '2026-01-03', description: 'TFL', amount: -1230, metadata: { project: 'Alpha' } }), 201);
      const receipt = expectData(await c.post('/transactions', { date: '2026-01-04', description: 'Client', amount: 120000, reference: 'INV-1' }), 201);
      expectData(await c.post(`/transactions/${receipt.id}/categorise`, { accountId: consulting }));
      const spend = await create(c, { name: 'Spend', conditions: [spending], accountId: general, priority: 1 });
      const groceries = await create(c, { name: 'Groceries', conditions: [{ field: 'contactName', operator: 'contains', value: 'TESCO' }], accountId: office, priority: 2, active: false });
      const spendRule = expectData(spend, 201);
      const groceryRule = expectData(groceries, 201);

      const snapshot = async () => ({
        transactions: expectData(await c.get('/transactions?perPage=100')),
        rules: expectData(await c.get('/categorisation-rules')),
        trialBalance: expectData(await c.get('/reports/trial-balance')),
      });
      const before = await snapshot();

      // An unsaved rule on the contact's name.
      const byContact = expectData(await c.post('/categorisation-rules/test', { conditions: [{ field: 'contactName', operator: 'startsWith', value: 'tesco' }], accountId: office }));
      expect(byContact).toEqual({
        rule: { id: null, conditions: [{ field: 'contactName', operator: 'startsWith', value: 'tesco' }], match: 'all', accountId: office, contactId: null },
        checked: 3,
        matched: 1,
        truncated: false,
        matches: [
          {
            transactionId: grocery.id,
            date: '2026-01-02',
            description: 'CARD PAYMENT 1234',
            amount: -4599,
            reference: null,
            contactName: 'Tesco plc',
            current: { accountId: null, contactId: tescoContact.id, status: 'uncategorised' },
            wouldBecome: { accountId: office, contactId: tescoContact.id },
            overriddenBy: null,
          },
        ],
      });

      // Metadata, case-insensitively; `any` of several conditions, newest first.
      const byMetadata = expectData(await c.post('/categorisation-rules/test', { conditions: [{ field: 'metadata.project', operator: 'equals', value: 'ALPHA' }] }));
      expect(byMetadata.matches.map((m: { transactionId: string }) => m.transactionId)).toEqual([train.id]);
      const anyOf = expectData(
        await c.post('/categorisation-rules/test', {
          match: 'any',
          conditions: [spending, { field: 'reference', operator: 'startsWith', value: 'inv-' }],
          accountId: general,
        }),
      );
      expect(anyOf.matches.map((m: { transactionId: string }) => m.transactionId)).toEqual([receipt.id, train.id, grocery.id]);
      expect(anyOf.matches[0].current).toEqual({ accountId: consulting, contactId: null, status: 'categorised' });

      // A saved (inactive) rule: the earlier active rule would decide instead.
      const saved = expectData(await c.post('/categorisation-rules/test', { ruleId: groceryRule.id }));
      expect(saved.rule).toMatchObject({ id: groceryRule.id, accountId: office });
      expect(saved.matches).toHaveLength(1);
      expect(saved.matches[0]).toMatchObject({ transactionId: grocery.id, wouldBecome: { accountId: office }, overriddenBy: spendRule.id });
      const savedFirst = expectData(await c.post('/categorisation-rules/test', { ruleId: spendRule.id }));
      expect(savedFirst.matches.map((m: { overriddenBy: string | null }) => m.overriddenBy)).toEqual([null, null]);

      expect(await snapshot()).toEqual(before);
    });

    it('validates the rule it is given, naming the condition', async () => {
      const res = await owner.post('/categorisation-rules/test', { conditions: [{ field: 'amount', operator: 'startsWith', value: 1 }] });
      expect(expectError(res, 400, 'validation_error').details[0].field).toBe('conditions.0.operator');
      const both = await owner.post('/categorisation-rules/test', { ruleId: 'rule_1', conditions: [tesco] });
      expect(expectError(both, 400, 'validation_error').details[0].field).toBe('ruleId');
      expectError(await owner.post('/categorisation-rules/test', { ruleId: 'rule_999999' }), 404, 'not_found');
    });
  });

  describe('reorder', () => {
    it('sets every priority at once, in the order given', async () => {
      const c = await signUp(api);
      const acc = await accountId(c, '7500');
      const ids: string[] = [];
      for (const name of ['a', 'b', 'c']) ids.push(expectData(await create(c, { name, conditions: [tesco], accountId: acc }), 201).id);
      const reordered = expectData(await c.post('/categorisation-rules/reorder', { ids: [ids[2], ids[0], ids[1]] }));
      expect(reordered.map((r: { id: string; priority: number }) => [r.id, r.priority])).toEqual([
        [ids[2], 1],
        [ids[0], 2],
        [ids[1], 3],
      ]);
      const list = expectData(await c.get('/categorisation-rules'));
      expect(list.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[0], ids[1]]);
    });

    it('refuses a list that is not exactly the organisation’s rules, changing nothing', async () => {
      const c = await signUp(api);
      const acc = await accountId(c, '7500');
      const ids: string[] = [];
      for (const name of ['a', 'b']) ids.push(expectData(await create(c, { name, conditions: [tesco], accountId: acc }), 201).id);
      const foreign = expectData(await create(owner, { name: 'foreign', conditions: [tesco], accountId: officeCosts }), 201).id;
      const before = expectData(await c.get('/categorisation-rules'));

      const missing = expectError(await c.post('/categorisation-rules/reorder', { ids: [ids[1]] }), 400, 'validation_error');
      expect(missing.details).toEqual([{ field: 'ids', message: `Must list every categorisation rule exactly once; this list leaves out ${ids[0]}` }]);
      const extra = expectError(await c.post('/categorisation-rules/reorder', { ids: [ids[1], ids[0], foreign] }), 400, 'validation_error');
      expect(extra.details[0].message).toBe(`Must list every categorisation rule exactly once; this list names ${foreign}, which is not a rule of this organisation`);
      const repeated = expectError(await c.post('/categorisation-rules/reorder', { ids: [ids[1], ids[0], ids[0]] }), 400, 'validation_error');
      expect(repeated.details[0].message).toContain(`repeats ${ids[0]}`);
      const malformed = expectError(await c.post('/categorisation-rules/reorder', { ids: [ids[1], 'acc_1'] }), 400, 'validation_error');
      expect(malformed.details).toEqual([{ field: 'ids.1', message: 'must be a rule ID like rule_1' }]);

      expect(expectData(await c.get('/categorisation-rules'))).toEqual(before);
    });
  });

  describe('scopes', () => {
    it('reads with transactions:read, writes with transactions:write', async () => {
      const c = await signUp(api);
      const acc = await accountId(c, '7500');
      const rule = expectData(await create(c, { name: 'a', conditions: [tesco], accountId: acc }), 201);
      const keyWith = async (scopes: string[]) => expectData(await c.post('/api-keys', { name: scopes.join(' '), scopes }), 201).secret as string;
      const reader = await keyWith(['transactions:read']);
      const writer = await keyWith(['transactions:write']);
      const other = await keyWith(['invoices:write', 'bank-imports:write']);

      expect((await api.request('GET', '/categorisation-rules', { apiKey: reader })).status).toBe(200);
      expect((await api.request('POST', '/categorisation-rules/test', { apiKey: reader, body: { ruleId: rule.id } })).status).toBe(200);
      const denied = await api.request('POST', '/categorisation-rules', { apiKey: reader, body: { name: 'b', conditions: [tesco], accountId: acc } });
      expect(expectError(denied, 403, 'insufficient_scope').message).toBe('This API key requires the transactions:write scope');
      expectError(await api.request('POST', '/categorisation-rules/reorder', { apiKey: reader, body: { ids: [rule.id] } }), 403, 'insufficient_scope');
      expectError(await api.request('DELETE', `/categorisation-rules/${rule.id}`, { apiKey: reader }), 403, 'insufficient_scope');

      expect((await api.request('POST', '/categorisation-rules', { apiKey: writer, body: { name: 'b', conditions: [tesco], accountId: acc } })).status).toBe(201);
      expect((await api.request('GET', `/categorisation-rules/${rule.id}`, { apiKey: writer })).status).toBe(200);

      expectError(await api.request('GET', '/categorisation-rules', { apiKey: other }), 403, 'insufficient_scope');
    });
  });
});
