import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, startApi, type TestApi } from '../helpers/api.js';
import { accountId, balancesByCode, expectData, expectError, expectLedgerBalanced, invalidFields, journal, signUp, type Client } from '../helpers/bookkeeping.js';

describe('/invoices', () => {
  let api: TestApi;
  let c: Client;
  let contactId: string;
  const clock = fakeClock(Date.parse('2026-03-10T12:00:00Z'));

  const draft = async (client: Client, body: Record<string, unknown> = {}) =>
    expectData(
      await client.post('/invoices', {
        contactId: body.contactId ?? contactId,
        lines: [{ description: 'Consulting', quantity: 2, unitPrice: 50_000, taxRate: 20 }],
        ...body,
      }),
      201,
    );

  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now } });
    c = await signUp(api);
    contactId = expectData(await c.post('/contacts', { name: 'Acme Ltd' }), 201).id;
  });
  afterAll(() => api.close());

  describe('drafts', () => {
    it('creates a draft with computed totals and documented defaults', async () => {
      const sales = await accountId(c, '4000');
      const res = await c.post('/invoices', {
        contactId,
        reference: 'PO-77',
        lines: [
          { description: 'Widgets', quantity: 3, unitPrice: 99, taxRate: 20 },
          { description: 'Half hour', quantity: 1.5, unitPrice: 33, taxRate: 20 },
          { description: 'Book (zero-rated)', unitPrice: 1250 },
        ],
      });
      const invoice = expectData(res, 201);
      expect(res.headers.get('location')).toBe(`/api/v1/invoices/${invoice.id}`);
      // By hand: 3 × 99 = 297, VAT 59.4 → 59; 1.5 × 33 = 49.5 → 50, VAT 10; 1 × 1250, VAT 0.
      expect(invoice).toMatchObject({
        id: expect.stringMatching(/^inv_\d+$/),
        number: null,
        status: 'draft',
        contactId,
        issueDate: '2026-03-10',
        dueDate: '2026-04-09',
        currency: 'GBP',
        reference: 'PO-77',
        notes: null,
        subtotal: 297 + 50 + 1250,
        taxTotal: 59 + 10,
        total: 297 + 50 + 1250 + 69,
        amountDue: 1666,
        quoteId: null,
        finalisedAt: null,
        metadata: {},
      });
      expect(invoice.lines).toEqual([
        { description: 'Widgets', quantity: 3, unitPrice: 99, taxRate: 20, accountId: sales, netAmount: 297, taxAmount: 59, totalAmount: 356 },
        { description: 'Half hour', quantity: 1.5, unitPrice: 33, taxRate: 20, accountId: sales, netAmount: 50, taxAmount: 10, totalAmount: 60 },
        { description: 'Book (zero-rated)', quantity: 1, unitPrice: 1250, taxRate: 0, accountId: sales, netAmount: 1250, taxAmount: 0, totalAmount: 1250 },
      ]);
      expect(expectData(await c.get(`/invoices/${invoice.id}`))).toEqual(invoice);
    });

    it('rounds tax per line, so the VAT can differ from rounding the subtotal once', async () => {
      const invoice = await draft(c, {
        lines: [
          { description: 'a', unitPrice: 333, taxRate: 20 },
          { description: 'b', unitPrice: 333, taxRate: 20 },
          { description: 'c', unitPrice: 334, taxRate: 20 },
        ],
      });
      expect(invoice.lines.map((l: { taxAmount: number }) => l.taxAmount)).toEqual([67, 67, 67]);
      expect([invoice.subtotal, invoice.taxTotal, invoice.total]).toEqual([1000, 201, 1201]);
    });

    it('supports 4-decimal quantities, 2-decimal tax rates and discount lines', async () => {
      const invoice = await draft(c, {
        lines: [
          { description: 'Metered', quantity: 0.3333, unitPrice: 1000, taxRate: 12.5 }, // 333.3 → 333; 41.625 → 42
          { description: 'Discount', unitPrice: -100, taxRate: 12.5 }, // −100; −12.5 → −13
        ],
      });
      expect(invoice.lines.map((l: { netAmount: number; taxAmount: number }) => [l.netAmount, l.taxAmount])).toEqual([
        [333, 42],
        [-100, -13],
      ]);
      expect(invoice.total).toBe(333 + 42 - 100 - 13);
    });

    it('lists every invalid field, lines included', async () => {
      const res = await c.post('/invoices', {
        issueDate: '2026-02-30',
        currency: 'pounds',
        lines: [{ description: '', quantity: 1.00001, unitPrice: 9.99, taxRate: 101 }, { quantity: -1, unitPrice: 1 }],
      });
      expect(invalidFields(res)).toEqual([
        'contactId',
        'currency',
        'issueDate',
        'lines.0.description',
        'lines.0.quantity',
        'lines.0.taxRate',
        'lines.0.unitPrice',
        'lines.1.description',
        'lines.1.quantity',
      ]);
      expect(invalidFields(await c.post('/invoices', { contactId, issueDate: '2026-03-10', dueDate: '2026-03-09' }))).toEqual(['dueDate']);
      expect(invalidFields(await c.post('/invoices', { contactId, lines: Array.from({ length: 101 }, () => ({ description: 'x', unitPrice: 1 })) }))).toEqual(['lines']);
    });

    it('answers a contact or account reference that is not the caller’s with a 404 naming it', async () => {
      const stranger = await signUp(api);
      const theirs = expectData(await stranger.post('/contacts', { name: 'Not yours' }), 201).id;
      expect(expectError(await c.post('/invoices', { contactId: theirs }), 404, 'not_found').message).toBe(`Contact ${theirs} not found`);
      expect(expectError(await c.post('/invoices', { contactId: 'inv_1' }), 404, 'not_found').message).toBe('Contact inv_1 not found');
      const theirSales = await accountId(stranger, '4000');
      expectError(await c.post('/invoices', { contactId, lines: [{ description: 'x', unitPrice: 1, accountId: theirSales }] }), 404, 'not_found');
      const bank = await accountId(c, '1200');
      const err = expectError(await c.post('/invoices', { contactId, lines: [{ description: 'x', unitPrice: 1, accountId: bank }] }), 400, 'validation_error');
      expect(err.details).toEqual([{ field: 'lines.0.accountId', message: expect.stringMatching(/income account; 1200 Bank is an asset/) }]);
    });

    it('PATCH changes what it names (lines replace all lines); PUT resets the rest', async () => {
      const invoice = await draft(c, { reference: 'R1', notes: 'Thanks', metadata: { po: '1' } });
      const patched = expectData(await c.patch(`/invoices/${invoice.id}`, { lines: [{ description: 'Only line', unitPrice: 1000, taxRate: 20 }] }));
      expect(patched).toMatchObject({ reference: 'R1', notes: 'Thanks', subtotal: 1000, taxTotal: 200, total: 1200, metadata: { po: '1' } });
      expect(patched.lines).toHaveLength(1);
      const kept = expectData(await c.patch(`/invoices/${invoice.id}`, { notes: null, metadata: { po: null, batch: '7' } }));
      expect(kept).toMatchObject({ reference: 'R1', notes: null, total: 1200, metadata: { batch: '7' } });
      const replaced = expectData(await c.put(`/invoices/${invoice.id}`, { contactId, issueDate: '2026-03-01' }));
      expect(replaced).toMatchObject({ reference: null, issueDate: '2026-03-01', dueDate: '2026-03-31', lines: [], total: 0, metadata: { batch: '7' } });
      expect(invalidFields(await c.patch(`/invoices/${invoice.id}`, { dueDate: '2026-02-01' }))).toEqual(['dueDate']);
    });

    it('deletes a draft', async () => {
      const invoice = await draft(c);
      expect(expectData(await c.delete(`/invoices/${invoice.id}`))).toEqual({ id: invoice.id, deleted: true });
      expectError(await c.get(`/invoices/${invoice.id}`), 404, 'not_found');
    });
  });

  describe('finalise, pay, void', () => {
    let l: Client;
    let cust: string;
    beforeAll(async () => {
      l = await signUp(api);
      cust = expectData(await l.post('/contacts', { name: 'Ledger Ltd' }), 201).id;
    });

    it('finalise numbers the invoice and posts debtors Dr / sales Cr / VAT Cr on the issue date', async () => {
      const invoice = await draft(l, { contactId: cust, issueDate: '2026-03-05' });
      const finalised = expectData(await l.post(`/invoices/${invoice.id}/finalise`));
      expect(finalised).toMatchObject({ status: 'finalised', number: 'INV-0001', finalisedAt: '2026-03-10T12:00:00.000Z', amountDue: 120_000 });
      expect(await journal(api, l)).toEqual([
        {
          date: '2026-03-05',
          source: `invoice:${invoice.id.slice(4)}`,
          lines: [
            { code: '1100', debit: 120_000, credit: 0 },
            { code: '4000', debit: 0, credit: 100_000 },
            { code: '2200', debit: 0, credit: 20_000 },
          ],
        },
      ]);
      const second = await draft(l, { contactId: cust });
      expect(expectData(await l.post(`/invoices/${second.id}/finalise`)).number).toBe('INV-0002');
      await expectLedgerBalanced(api, l);
    });

    it('numbers test-mode invoices separately', async () => {
      const t = l.inMode('test');
      const testContact = expectData(await t.post('/contacts', { name: 'Test customer' }), 201).id;
      const invoice = await draft(t, { contactId: testContact });
      expect(expectData(await t.post(`/invoices/${invoice.id}/finalise`)).number).toBe('INV-0001');
      expectError(await l.get(`/invoices/${invoice.id}`), 404, 'not_found');
      expectError(await l.post(`/invoices/${invoice.id}/void`), 404, 'not_found');
    });

    it('refuses illegal transitions with 409 and a reason', async () => {
      const empty = expectData(await l.post('/invoices', { contactId: cust }), 201);
      expect(expectError(await l.post(`/invoices/${empty.id}/finalise`), 409, 'conflict').message).toMatch(/has no lines/);
      expect(expectError(await l.post(`/invoices/${empty.id}/pay`), 409, 'conflict').message).toBe(`Only finalised invoices can be paid; ${empty.id} is draft`);

      const negative = await draft(l, { contactId: cust, lines: [{ description: 'Credit', unitPrice: -500 }] });
      expect(expectError(await l.post(`/invoices/${negative.id}/finalise`), 409, 'conflict').message).toMatch(/negative total/);

      const invoice = await draft(l, { contactId: cust });
      const fin = expectData(await l.post(`/invoices/${invoice.id}/finalise`));
      expect(expectError(await l.post(`/invoices/${invoice.id}/finalise`), 409, 'conflict').message).toBe(`${fin.number} is already finalised`);
      expect(expectError(await l.patch(`/invoices/${invoice.id}`, { notes: 'x' }), 409, 'conflict').message).toBe(
        `Only draft invoices can be edited; ${fin.number} is finalised`,
      );
      expectError(await l.put(`/invoices/${invoice.id}`, { contactId: cust }), 409, 'conflict');
      expect(expectError(await l.delete(`/invoices/${invoice.id}`), 409, 'conflict').message).toMatch(/void it instead/);

      expectData(await l.post(`/invoices/${invoice.id}/pay`));
      expect(expectError(await l.post(`/invoices/${invoice.id}/pay`), 409, 'conflict').message).toBe(`${fin.number} is already paid`);
      expect(expectError(await l.post(`/invoices/${invoice.id}/void`), 409, 'conflict').message).toMatch(/paid invoice cannot be voided/);
      expect(expectError(await l.post(`/invoices/${invoice.id}/finalise`), 409, 'conflict').message).toBe(`Only draft invoices can be finalised; ${fin.number} is paid`);
      expectError(await l.delete(`/invoices/${invoice.id}`), 409, 'conflict');

      const voided = await draft(l, { contactId: cust });
      expectData(await l.post(`/invoices/${voided.id}/void`));
      expect(expectError(await l.post(`/invoices/${voided.id}/void`), 409, 'conflict').message).toBe(`${voided.id} is already void`);
      expectError(await l.post(`/invoices/${voided.id}/finalise`), 409, 'conflict');
      expectError(await l.post(`/invoices/${voided.id}/pay`), 409, 'conflict');
      expectError(await l.patch(`/invoices/${voided.id}`, { notes: 'x' }), 409, 'conflict');
      await expectLedgerBalanced(api, l);
    });

    it('pay posts bank Dr / debtors Cr on the payment date, to the bank by default', async () => {
      const p = await signUp(api);
      const customer = expectData(await p.post('/contacts', { name: 'Payer' }), 201).id;
      const invoice = await draft(p, { contactId: customer, issueDate: '2026-03-01' });
      expectData(await p.post(`/invoices/${invoice.id}/finalise`));
      expect(invalidFields(await p.post(`/invoices/${invoice.id}/pay`, { date: '2026-02-28' }))).toEqual(['date']);
      const vat = await accountId(p, '2200');
      expect(invalidFields(await p.post(`/invoices/${invoice.id}/pay`, { accountId: vat }))).toEqual(['accountId']);
      const paid = expectData(await p.post(`/invoices/${invoice.id}/pay`, { date: '2026-03-20' }));
      expect(paid).toMatchObject({ status: 'paid', paymentDate: '2026-03-20', paymentAccountId: await accountId(p, '1200'), amountDue: 0, paidAt: '2026-03-10T12:00:00.000Z' });
      expect((await journal(api, p)).at(-1)).toEqual({
        date: '2026-03-20',
        source: `invoice_payment:${invoice.id.slice(4)}`,
        lines: [
          { code: '1200', debit: 120_000, credit: 0 },
          { code: '1100', debit: 0, credit: 120_000 },
        ],
      });
      expect(await balancesByCode(api, p)).toEqual({ '1200': 120_000, '4000': -100_000, '2200': -20_000 });

      // Another asset account can receive the money; today is the default date.
      const second = await draft(p, { contactId: customer });
      expectData(await p.post(`/invoices/${second.id}/finalise`));
      const savings = await accountId(p, '1210');
      expect(expectData(await p.post(`/invoices/${second.id}/pay`, { accountId: savings }))).toMatchObject({ paymentAccountId: savings, paymentDate: '2026-03-10' });
    });

    it('voiding a finalised invoice reverses its posting; voiding a draft posts nothing', async () => {
      const v = await signUp(api);
      const customer = expectData(await v.post('/contacts', { name: 'Voider' }), 201).id;
      const draftOnly = await draft(v, { contactId: customer });
      expect(expectData(await v.post(`/invoices/${draftOnly.id}/void`))).toMatchObject({ status: 'void', amountDue: 0, voidedAt: '2026-03-10T12:00:00.000Z' });
      expect(await journal(api, v)).toEqual([]);

      const invoice = await draft(v, { contactId: customer, issueDate: '2026-03-02' });
      expectData(await v.post(`/invoices/${invoice.id}/finalise`));
      expect(expectData(await v.post(`/invoices/${invoice.id}/void`)).status).toBe('void');
      const entries = await journal(api, v);
      expect(entries).toHaveLength(2);
      expect(entries[1]).toEqual({
        date: '2026-03-10',
        source: `invoice_void:${invoice.id.slice(4)}`,
        lines: [
          { code: '1100', debit: 0, credit: 120_000 },
          { code: '4000', debit: 100_000, credit: 0 },
          { code: '2200', debit: 0 + 20_000, credit: 0 },
        ],
      });
      expect(await balancesByCode(api, v)).toEqual({});
      // A void number stays used: the next invoice does not reuse it.
      const next = await draft(v, { contactId: customer });
      expect(expectData(await v.post(`/invoices/${next.id}/finalise`)).number).toBe('INV-0002');
    });

    it('refuses to post an invoice in a foreign currency', async () => {
      const invoice = await draft(l, { contactId: cust, currency: 'eur' });
      expect(invoice.currency).toBe('EUR');
      expect(expectError(await l.post(`/invoices/${invoice.id}/finalise`), 409, 'conflict').message).toMatch(/in EUR; only invoices in the base currency \(GBP\)/);
    });

    it('hands out unique consecutive numbers to concurrent finalisations, and one winner per invoice', async () => {
      const n = await signUp(api);
      const customer = expectData(await n.post('/contacts', { name: 'Busy' }), 201).id;
      const drafts = await Promise.all(Array.from({ length: 6 }, () => draft(n, { contactId: customer })));
      const results = await Promise.all(drafts.map((d) => n.post(`/invoices/${d.id}/finalise`)));
      const numbers = results.map((r) => expectData(r).number).sort();
      expect(numbers).toEqual(['INV-0001', 'INV-0002', 'INV-0003', 'INV-0004', 'INV-0005', 'INV-0006']);

      const one = await draft(n, { contactId: customer });
      const racing = await Promise.all(Array.from({ length: 4 }, () => n.post(`/invoices/${one.id}/finalise`)));
      expect(racing.filter((r) => r.status === 200)).toHaveLength(1);
      expect(racing.filter((r) => r.status === 409)).toHaveLength(3);
      expect((await journal(api, n)).filter((e) => e.source === `invoice:${one.id.slice(4)}`)).toHaveLength(1);
      await expectLedgerBalanced(api, n);
    });
  });

  describe('lists, references and isolation', () => {
    it('filters by status, contact and metadata, newest first, with pagination', async () => {
      const f = await signUp(api);
      const a = expectData(await f.post('/contacts', { name: 'A' }), 201).id;
      const b = expectData(await f.post('/contacts', { name: 'B' }), 201).id;
      const i1 = await draft(f, { contactId: a, metadata: { channel: 'web' } });
      const i2 = await draft(f, { contactId: b, metadata: { channel: 'shop' } });
      const i3 = await draft(f, { contactId: a, metadata: { channel: 'web', batch: '9' } });
      expectData(await f.post(`/invoices/${i3.id}/finalise`));
      const ids = (res: { json: { data: Array<{ id: string }> } }) => res.json.data.map((x) => x.id);
      expect(ids(await f.get('/invoices'))).toEqual([i3.id, i2.id, i1.id]);
      expect(ids(await f.get('/invoices?status=draft'))).toEqual([i2.id, i1.id]);
      expect(ids(await f.get(`/invoices?contactId=${a}`))).toEqual([i3.id, i1.id]);
      expect(ids(await f.get('/invoices?contactId=inv_1'))).toEqual([]);
      expect(ids(await f.get('/invoices?metadata[channel]=web'))).toEqual([i3.id, i1.id]);
      expect(ids(await f.get('/invoices?metadata[channel]=web&status=draft'))).toEqual([i1.id]);
      expect(ids(await f.get('/invoices?metadata[channel]=web&metadata[batch]=9'))).toEqual([i3.id]);
      const page = await f.get('/invoices?perPage=2&page=2');
      expect(ids(page)).toEqual([i1.id]);
      expect(page.json.meta).toEqual({ page: 2, perPage: 2, total: 3, totalPages: 2 });
      const past = await f.get('/invoices?perPage=2&page=3');
      expect(past.json.data).toEqual([]);
      expect(past.json.meta).toEqual({ page: 3, perPage: 2, total: 3, totalPages: 2 });
      expect(invalidFields(await f.get('/invoices?perPage=0'))).toEqual(['perPage']);
      expect(invalidFields(await f.get('/invoices?perPage=101'))).toEqual(['perPage']);
      expect(invalidFields(await f.get('/invoices?status=sent'))).toEqual(['status']);
      expect(page.json.data[0].lines).toHaveLength(1);
    });

    it('refuses to delete a contact that invoices refer to', async () => {
      const d = await signUp(api);
      const customer = expectData(await d.post('/contacts', { name: 'Referenced' }), 201).id;
      const invoice = await draft(d, { contactId: customer });
      expect(expectError(await d.delete(`/contacts/${customer}`), 409, 'conflict').message).toBe('This contact cannot be deleted: it is used by 1 invoice');
      expectData(await d.delete(`/invoices/${invoice.id}`));
      expectData(await d.delete(`/contacts/${customer}`));
    });

    it('refuses to delete an account that invoice lines use or that has postings', async () => {
      const d = await signUp(api);
      const customer = expectData(await d.post('/contacts', { name: 'Acc user' }), 201).id;
      const consulting = await accountId(d, '4100');
      const invoice = await draft(d, { contactId: customer, lines: [{ description: 'Advice', unitPrice: 5000, accountId: consulting }] });
      expect(expectError(await d.delete(`/accounts/${consulting}`), 409, 'conflict').message).toBe('Account 4100 cannot be deleted: it is used by 1 invoice or quote line');
      expectData(await d.post(`/invoices/${invoice.id}/finalise`));
      expect(expectError(await d.delete(`/accounts/${consulting}`), 409, 'conflict').message).toBe('Account 4100 has 1 posting in the ledger; it cannot be deleted');
      expect(expectError(await d.patch(`/accounts/${consulting}`, { type: 'expense' }), 409, 'conflict').message).toMatch(/has 1 posting; its type cannot change/);
    });

    it('hides another organisation’s invoices behind the same 404 on every route', async () => {
      const owner = await signUp(api);
      const customer = expectData(await owner.post('/contacts', { name: 'Mine' }), 201).id;
      const invoice = await draft(owner, { contactId: customer });
      const stranger = await signUp(api);
      const missing = (await stranger.get('/invoices/inv_999999')).json;
      expect(missing).toEqual({ success: false, error: { code: 'not_found', message: 'Invoice not found' } });
      expect((await stranger.get(`/invoices/${invoice.id}`)).json).toEqual(missing);
      expect((await stranger.patch(`/invoices/${invoice.id}`, { notes: 'x' })).json).toEqual(missing);
      expect((await stranger.put(`/invoices/${invoice.id}`, { contactId: customer })).json).toEqual(missing);
      expect((await stranger.delete(`/invoices/${invoice.id}`)).json).toEqual(missing);
      for (const action of ['finalise', 'pay', 'void']) expect((await stranger.post(`/invoices/${invoice.id}/${action}`)).json).toEqual(missing);
      expect((await owner.get(`/invoices/${invoice.id.replace('inv_', 'quo_')}`)).json).toEqual(missing);
      expect(expectData(await owner.get(`/invoices/${invoice.id}`)).status).toBe('draft');
    });
  });
});
