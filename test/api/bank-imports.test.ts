import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, startApi, type TestApi, type TestResponse } from '../helpers/api.js';
import { accountId, expectData, expectError, signUp, type Client } from '../helpers/bookkeeping.js';

const STATEMENT = [
  'Date,Description,Amount,Reference',
  '02/01/2026,TESCO STORES 1234,-45.99,CARD1',
  '03/01/2026,Acme Ltd payment,"1,200.00",INV-0001',
  '05/01/2026,TFL TRAVEL,-12.30,',
  '06/01/2026,Unknown shop,-3.00,',
].join('\r\n');

describe('/bank-imports', () => {
  let api: TestApi;
  const clock = fakeClock();

  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now } });
  });
  afterAll(() => api.close());

  /** Uploads a statement as a text/csv body, as a bank export would be sent. */
  const uploadCsv = (c: Client, csv: string, query = ''): Promise<TestResponse> =>
    api.request('POST', `/bank-imports${query}`, {
      token: c.token,
      rawBody: csv,
      headers: { 'content-type': 'text/csv', ...(c.mode === 'test' ? { 'x-mode': 'test' } : {}) },
    });
  const confirm = (c: Client, id: string) => c.post(`/bank-imports/${id}/confirm`);
  const rule = async (c: Client, body: Record<string, unknown>) => expectData(await c.post('/categorisation-rules', body), 201);

  /** The organisation's stored imports, read straight from the database: "nothing stored" needs it. */
  async function importCount(c: Client): Promise<number> {
    const me = expectData(await c.get('/auth/me'));
    const organisationId = Number(String(me.organisationId).replace(/^org_/, ''));
    const row = await api.db
      .selectFrom('bank_imports')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function trialBalance(c: Client) {
    return expectData(await c.get('/reports/trial-balance')) as {
      accounts: Array<{ accountId: string; code: string; debit: number; credit: number }>;
      totals: { debit: number; credit: number };
      balanced: boolean;
    };
  }

  describe('preview', () => {
    it('parses a text/csv statement into a stored preview of the Bank account, booking nothing', async () => {
      const c = await signUp(api);
      const bank = await accountId(c, '1200');
      const res = await uploadCsv(c, STATEMENT);
      const preview = expectData(res, 201);
      expect(preview).toMatchObject({
        id: expect.stringMatching(/^imp_\d+$/),
        status: 'preview',
        accountId: bank,
        currency: 'GBP',
        summary: { rows: 4, new: 4, duplicates: 0, categorised: 0, uncategorised: 4 },
        createdAt: '2026-01-15T09:00:00.000Z',
        confirmedAt: null,
      });
      expect(preview.rows[0]).toEqual({
        line: 2,
        date: '2026-01-02',
        description: 'TESCO STORES 1234',
        amount: -4599,
        reference: 'CARD1',
        duplicate: false,
        duplicateOf: null,
        repeatsLine: null,
        category: null,
        transactionId: null,
        categorised: false,
      });
      expect(preview.rows.map((r: { amount: number; reference: string | null }) => [r.amount, r.reference])).toEqual([
        [-4599, 'CARD1'],
        [120000, 'INV-0001'],
        [-1230, null],
        [-300, null],
      ]);
      expect(res.headers.get('location')).toBe(`/api/v1/bank-imports/${preview.id}`);
      expect(expectData(await c.get(`/bank-imports/${preview.id}`))).toEqual(preview);
      expect(expectData(await c.get('/transactions'))).toEqual([]);
      expect((await trialBalance(c)).accounts).toEqual([]);
    });

    it('takes JSON {csv, accountId} with debit/credit columns into another bank account', async () => {
      const c = await signUp(api);
      const savings = await accountId(c, '1210');
      const csv = '\uFEFFTransaction Date,Narrative,Paid out,Paid in\n2026-01-02,Interest,,£1.25\n2026-01-03,Fee,£2.00,\n';
      const preview = expectData(await c.post('/bank-imports', { csv, accountId: savings }), 201);
      expect(preview.accountId).toBe(savings);
      expect(preview.rows.map((r: { amount: number }) => r.amount)).toEqual([125, -200]);
      // The same with a text/csv body and the account in the query.
      const viaQuery = expectData(await uploadCsv(c, csv, `?accountId=${savings}`), 201);
      expect(viaQuery.accountId).toBe(savings);
    });

    it('answers a bad file with a 400 naming each bad line, and stores nothing', async () => {
      const c = await signUp(api);
      const before = await importCount(c);
      const csv = 'Date,Description,Amount\n2026-01-01,ok,1.00\n31/02/2026,Bad date,1.00\n2026-01-03,Bad amount,12.345\n';
      const error = expectError(await uploadCsv(c, csv), 400, 'validation_error');
      expect(error.message).toBe('Line 3: date "31/02/2026" is not a real date (dates are read day first, DD/MM/YYYY) (and 1 more problem)');
      expect(error.details).toEqual([
        { field: 'csv', line: 3, message: 'Line 3: date "31/02/2026" is not a real date (dates are read day first, DD/MM/YYYY)' },
        { field: 'csv', line: 4, message: 'Line 4: amount "12.345" has more than two decimal places' },
      ]);
      const unclosed = expectError(await c.post('/bank-imports', { csv: 'Date,Description,Amount\n2026-01-01,"oops,1\n' }), 400, 'validation_error');
      expect(unclosed.message).toBe('Line 2: a quoted field is never closed');
      const noHeader = expectError(await uploadCsv(c, 'foo,bar\n1,2\n'), 400, 'validation_error');
      expect(noHeader.details[0].line).toBe(1);
      expect(await importCount(c)).toBe(before);
    });

    it('refuses more than 10,000 rows naming the line, and a body over 5 MB with 413', async () => {
      const c = await signUp(api);
      const tooMany = `Date,Description,Amount\n${'2026-01-01,x,1.00\n'.repeat(10_001)}`;
      const error = expectError(await uploadCsv(c, tooMany), 400, 'validation_error');
      expect(error.message).toBe('Line 10002: the file has more than 10,000 transaction rows; split it into smaller files');
      const huge = `Date,Description,Amount\n2026-01-01,${'x'.repeat(5 * 1024 * 1024)},1.00\n`;
      expectError(await uploadCsv(c, huge), 413, 'payload_too_large');
      expect(await importCount(c)).toBe(0);
    });

    it('refuses a bank account that is not an asset account of this organisation', async () => {
      const c = await signUp(api);
      const stranger = await signUp(api);
      const theirs = await accountId(stranger, '1200');
      expect(expectError(await c.post('/bank-imports', { csv: STATEMENT, accountId: theirs }), 404, 'not_found').message).toBe(`Account ${theirs} not found`);
      const sales = await accountId(c, '4000');
      const error = expectError(await c.post('/bank-imports', { csv: STATEMENT, accountId: sales }), 400, 'validation_error');
      expect(error.details).toEqual([{ field: 'accountId', message: 'Must be a bank (asset) account; 4000 Sales is not' }]);
      const debtors = await accountId(c, '1100');
      expectError(await c.post('/bank-imports', { csv: STATEMENT, accountId: debtors }), 400, 'validation_error');
      expectError(await c.post('/bank-imports', { csv: '' }), 400, 'validation_error');
    });

    it('shows the category of the first active matching rule in priority order', async () => {
      const c = await signUp(api);
      const office = await accountId(c, '7500');
      const travel = await accountId(c, '7400');
      const general = await accountId(c, '8000');
      const spendAnything = await rule(c, { name: 'Any spend', conditions: [{ field: 'amount', operator: 'lt', value: 0 }], accountId: general, priority: 30 });
      const groceries = await rule(c, { name: 'Groceries', conditions: [{ field: 'description', operator: 'startsWith', value: 'tesco' }], accountId: office, priority: 10 });
      await rule(c, { name: 'Disabled', conditions: [{ field: 'description', operator: 'contains', value: 'tfl' }], accountId: office, priority: 1, active: false });
      const trains = await rule(c, { name: 'Trains', conditions: [{ field: 'description', operator: 'contains', value: 'tfl' }], accountId: travel, priority: 20 });
      const preview = expectData(await uploadCsv(c, STATEMENT), 201);
      expect(preview.rows.map((r: { category: { ruleId: string; accountId: string } | null }) => r.category && [r.category.ruleId, r.category.accountId])).toEqual([
        [groceries.id, office],
        null,
        [trains.id, travel],
        [spendAnything.id, general],
      ]);
      expect(preview.rows[0].category.ruleName).toBe('Groceries');
      expect(preview.summary).toMatchObject({ categorised: 3, uncategorised: 1 });
    });
  });

  describe('confirm', () => {
    it('creates the transactions and posts each rule category as a balanced journal entry', async () => {
      const c = await signUp(api);
      const bank = await accountId(c, '1200');
      const office = await accountId(c, '7500');
      const consulting = await accountId(c, '4100');
      const supplier = expectData(await c.post('/contacts', { name: 'Tesco plc', type: 'supplier' }), 201);
      await rule(c, { name: 'Groceries', conditions: [{ field: 'description', operator: 'contains', value: 'tesco' }], accountId: office, contactId: supplier.id });
      await rule(c, {
        name: 'Client receipts',
        match: 'all',
        conditions: [
          { field: 'reference', operator: 'startsWith', value: 'inv-' },
          { field: 'amount', operator: 'gt', value: 0 },
        ],
        accountId: consulting,
      });
      const preview = expectData(await uploadCsv(c, STATEMENT), 201);
      clock.advance(60_000);
      const confirmed = expectData(await confirm(c, preview.id));
      expect(confirmed).toMatchObject({ status: 'confirmed', confirmedAt: '2026-01-15T09:01:00.000Z', summary: { new: 4, duplicates: 0, categorised: 2 } });
      expect(confirmed.rows.map((r: { transactionId: string | null; categorised: boolean }) => [typeof r.transactionId, r.categorised])).toEqual([
        ['string', true],
        ['string', true],
        ['string', false],
        ['string', false],
      ]);
      expect(expectData(await c.get(`/bank-imports/${preview.id}`))).toEqual(confirmed);

      const [groceries, receipt, travel] = await Promise.all(confirmed.rows.slice(0, 3).map(async (r: { transactionId: string }) => expectData(await c.get(`/transactions/${r.transactionId}`))));
      expect(groceries).toMatchObject({ date: '2026-01-02', description: 'TESCO STORES 1234', amount: -4599, reference: 'CARD1', accountId: office, contactId: supplier.id, status: 'categorised' });
      expect(receipt).toMatchObject({ amount: 120000, accountId: consulting, contactId: null, status: 'categorised' });
      expect(travel).toMatchObject({ amount: -1230, accountId: null, status: 'uncategorised' });

      // Only the categorised rows reach the ledger, each as a balanced entry against the bank.
      const tb = await trialBalance(c);
      expect(tb.balanced).toBe(true);
      expect(tb.totals.debit).toBe(tb.totals.credit);
      const line = (id: string) => tb.accounts.find((a) => a.accountId === id);
      expect(line(bank)).toMatchObject({ debit: 120000 - 4599, credit: 0 });
      expect(line(office)).toMatchObject({ debit: 4599, credit: 0 });
      expect(line(consulting)).toMatchObject({ debit: 0, credit: 120000 });
      expect(tb.accounts).toHaveLength(3);
    });

    it('a second confirmation is a 409 and creates nothing more', async () => {
      const c = await signUp(api);
      const preview = expectData(await uploadCsv(c, STATEMENT), 201);
      clock.advance(1_000);
      const first = expectData(await confirm(c, preview.id));
      clock.advance(1_000);
      const again = expectError(await confirm(c, preview.id), 409, 'conflict');
      expect(again.message).toBe(`This bank import was already confirmed at ${first.confirmedAt}`);
      expect(expectData(await c.get(`/bank-imports/${preview.id}`))).toEqual(first);
      expect(expectData(await c.get('/transactions?perPage=100'))).toHaveLength(4);
    });

    it('of two concurrent confirmations exactly one succeeds', async () => {
      const c = await signUp(api);
      const preview = expectData(await uploadCsv(c, STATEMENT), 201);
      const results = await Promise.all([confirm(c, preview.id), confirm(c, preview.id), confirm(c, preview.id)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      expect(expectData(await c.get('/transactions?perPage=100'))).toHaveLength(4);
    });
  });

  describe('duplicates', () => {
    it('marks rows already in the books as duplicates and skips them on confirm', async () => {
      const c = await signUp(api);
      const first = expectData(await uploadCsv(c, STATEMENT), 201);
      const created = expectData(await confirm(c, first.id)).rows.map((r: { transactionId: string }) => r.transactionId);

      // The next statement overlaps: two old rows (spelt a little differently), one new.
      const overlapping = [
        'Date,Description,Amount,Reference',
        '2026-01-05,tfl  travel,-12.30,',
        '06/01/2026,Unknown shop,-3.00,',
        '07/01/2026,New shop,-9.99,',
      ].join('\n');
      const preview = expectData(await uploadCsv(c, overlapping), 201);
      expect(preview.rows.map((r: { duplicate: boolean; duplicateOf: string | null }) => [r.duplicate, r.duplicateOf])).toEqual([
        [true, created[2]],
        [true, created[3]],
        [false, null],
      ]);
      expect(preview.summary).toMatchObject({ rows: 3, new: 1, duplicates: 2 });
      const confirmed = expectData(await confirm(c, preview.id));
      expect(confirmed.rows.map((r: { transactionId: string | null }) => r.transactionId === null)).toEqual([true, true, false]);
      expect(expectData(await c.get('/transactions?perPage=100'))).toHaveLength(5);

      // The very same file again: every row is a duplicate.
      const again = expectData(await uploadCsv(c, STATEMENT), 201);
      expect(again.summary).toMatchObject({ new: 0, duplicates: 4 });
      expectData(await confirm(c, again.id));
      expect(expectData(await c.get('/transactions?perPage=100'))).toHaveLength(5);
    });

    it('flags rows repeated within the file but imports them: two identical payments are two payments', async () => {
      const c = await signUp(api);
      const csv = 'Date,Description,Amount\n2026-01-02,Coffee,-2.50\n2026-01-02,Coffee,-2.50\n2026-01-02,Tea,-2.50\n';
      const preview = expectData(await uploadCsv(c, csv), 201);
      expect(preview.rows.map((r: { repeatsLine: number | null; duplicate: boolean }) => [r.repeatsLine, r.duplicate])).toEqual([
        [null, false],
        [2, false],
        [null, false],
      ]);
      expectData(await confirm(c, preview.id));
      expect(expectData(await c.get('/transactions?perPage=100'))).toHaveLength(3);
      // Re-importing finds both coffees in the books.
      const again = expectData(await uploadCsv(c, csv), 201);
      expect(again.summary).toMatchObject({ new: 0, duplicates: 3 });
    });

    it('counts a transaction entered by hand as a duplicate, but only in the same bank account', async () => {
      const c = await signUp(api);
      const savings = await accountId(c, '1210');
      const manual = expectData(await c.post('/transactions', { date: '2026-01-06', description: 'Unknown shop', amount: -300 }), 201);
      const preview = expectData(await uploadCsv(c, STATEMENT), 201);
      expect(preview.rows[3]).toMatchObject({ duplicate: true, duplicateOf: manual.id });
      const elsewhere = expectData(await c.post('/bank-imports', { csv: STATEMENT, accountId: savings }), 201);
      expect(elsewhere.summary.duplicates).toBe(0);
    });

    it('re-checks duplicates at confirmation: a row booked since the preview is skipped', async () => {
      const c = await signUp(api);
      const a = expectData(await uploadCsv(c, STATEMENT), 201);
      const b = expectData(await uploadCsv(c, STATEMENT), 201);
      expect(b.summary.duplicates).toBe(0);
      expectData(await confirm(c, a.id));
      const confirmedB = expectData(await confirm(c, b.id));
      expect(confirmedB.summary).toMatchObject({ new: 0, duplicates: 4 });
      expect(expectData(await c.get('/transactions?perPage=100'))).toHaveLength(4);
    });
  });

  describe('isolation and scopes', () => {
    it("answers another organisation's import IDs, the other mode's, and wrong prefixes with 404", async () => {
      const c = await signUp(api);
      const stranger = await signUp(api);
      const preview = expectData(await uploadCsv(c, STATEMENT), 201);
      expectError(await stranger.get(`/bank-imports/${preview.id}`), 404, 'not_found');
      expectError(await confirm(stranger, preview.id), 404, 'not_found');
      expectError(await c.inMode('test').get(`/bank-imports/${preview.id}`), 404, 'not_found');
      expectError(await confirm(c.inMode('test'), preview.id), 404, 'not_found');
      expectError(await c.get(`/bank-imports/${preview.id.replace('imp_', 'txn_')}`), 404, 'not_found');
      expect(expectData(await c.get(`/bank-imports/${preview.id}`)).status).toBe('preview');
    });

    it('needs the bank-imports:write scope', async () => {
      const c = await signUp(api);
      const keyWith = async (scopes: string[]) => expectData(await c.post('/api-keys', { name: scopes.join(' '), scopes }), 201).secret as string;
      const importer = await keyWith(['bank-imports:write']);
      const bookkeeper = await keyWith(['transactions:write']);
      const sendCsv = (apiKey: string) => api.request('POST', '/bank-imports', { apiKey, rawBody: STATEMENT, headers: { 'content-type': 'text/csv' } });

      const denied = expectError(await sendCsv(bookkeeper), 403, 'insufficient_scope');
      expect(denied.message).toBe('This API key requires the bank-imports:write scope');
      const preview = expectData(await sendCsv(importer), 201);
      expectError(await api.request('GET', `/bank-imports/${preview.id}`, { apiKey: bookkeeper }), 403, 'insufficient_scope');
      expectError(await api.request('POST', `/bank-imports/${preview.id}/confirm`, { apiKey: bookkeeper }), 403, 'insufficient_scope');
      expect((await api.request('GET', `/bank-imports/${preview.id}`, { apiKey: importer })).status).toBe(200);
      expect((await api.request('POST', `/bank-imports/${preview.id}/confirm`, { apiKey: importer })).status).toBe(200);
    });
  });
});
