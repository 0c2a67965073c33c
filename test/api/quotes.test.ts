import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, startApi, type TestApi } from '../helpers/api.js';
import { accountId, expectData, expectError, invalidFields, journal, signUp, type Client } from '../helpers/bookkeeping.js';

describe('/quotes', () => {
  let api: TestApi;
  let c: Client;
  let contactId: string;
  const clock = fakeClock(Date.parse('2026-05-04T10:00:00Z'));
  const LINES = [
    { description: 'Design', quantity: 2.5, unitPrice: 40_000, taxRate: 20 },
    { description: 'Hosting', unitPrice: 1_999, taxRate: 20 },
  ];
  const create = async (client: Client, body: Record<string, unknown> = {}) => expectData(await client.post('/quotes', { contactId, lines: LINES, ...body }), 201);

  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now } });
    c = await signUp(api);
    contactId = expectData(await c.post('/contacts', { name: 'Prospect plc' }), 201).id;
  });
  afterAll(() => api.close());

  it('creates a numbered draft quote with line totals and no posting', async () => {
    const res = await c.post('/quotes', { contactId, lines: LINES, reference: 'Website', metadata: { source: 'referral' } });
    const quote = expectData(res, 201);
    // By hand: 2.5 × 40000 = 100000, VAT 20000; 1999, VAT 399.8 → 400.
    expect(quote).toMatchObject({
      id: expect.stringMatching(/^quo_\d+$/),
      number: 'QUO-0001',
      status: 'draft',
      contactId,
      issueDate: '2026-05-04',
      expiryDate: '2026-06-03',
      currency: 'GBP',
      reference: 'Website',
      subtotal: 101_999,
      taxTotal: 20_400,
      total: 122_399,
      invoiceId: null,
      metadata: { source: 'referral' },
    });
    expect(quote.lines.map((l: { netAmount: number; taxAmount: number }) => [l.netAmount, l.taxAmount])).toEqual([
      [100_000, 20_000],
      [1_999, 400],
    ]);
    expect(res.headers.get('location')).toBe(`/api/v1/quotes/${quote.id}`);
    expect(expectData(await c.get(`/quotes/${quote.id}`))).toEqual(quote);
    expect((await create(c)).number).toBe('QUO-0002');
    expect(await journal(api, c)).toEqual([]);
  });

  it('validates, including the expiry date against the issue date', async () => {
    expect(invalidFields(await c.post('/quotes', { lines: [{ description: 'x', unitPrice: 'ten' }] }))).toEqual(['contactId', 'lines.0.unitPrice']);
    expect(invalidFields(await c.post('/quotes', { contactId, issueDate: '2026-05-04', expiryDate: '2026-05-03' }))).toEqual(['expiryDate']);
  });

  it('edits and deletes drafts only', async () => {
    const quote = await create(c);
    const patched = expectData(await c.patch(`/quotes/${quote.id}`, { notes: 'Valid for 30 days', lines: [{ description: 'Only', unitPrice: 100 }] }));
    expect(patched).toMatchObject({ notes: 'Valid for 30 days', total: 100, number: quote.number });
    const put = expectData(await c.put(`/quotes/${quote.id}`, { contactId, lines: LINES }));
    expect(put).toMatchObject({ notes: null, total: 122_399 });
    expectData(await c.post(`/quotes/${quote.id}/send`));
    expect(expectError(await c.patch(`/quotes/${quote.id}`, { notes: 'x' }), 409, 'conflict').message).toBe(`Only draft quotes can be edited; ${quote.number} is sent`);
    expect(expectError(await c.delete(`/quotes/${quote.id}`), 409, 'conflict').message).toBe(`Only draft quotes can be deleted; ${quote.number} is sent`);
    const other = await create(c);
    expect(expectData(await c.delete(`/quotes/${other.id}`))).toEqual({ id: other.id, deleted: true });
    expectError(await c.get(`/quotes/${other.id}`), 404, 'not_found');
  });

  it('walks draft → sent → accepted → converted, and refuses every illegal step', async () => {
    const quote = await create(c);
    expect(expectError(await c.post(`/quotes/${quote.id}/accept`), 409, 'conflict').message).toBe(`Only sent quotes can be accepted; ${quote.number} is draft`);
    expectError(await c.post(`/quotes/${quote.id}/decline`), 409, 'conflict');
    const sent = expectData(await c.post(`/quotes/${quote.id}/send`));
    expect(sent).toMatchObject({ status: 'sent', sentAt: '2026-05-04T10:00:00.000Z' });
    expect(expectError(await c.post(`/quotes/${quote.id}/send`), 409, 'conflict').message).toBe(`${quote.number} is already sent`);
    const accepted = expectData(await c.post(`/quotes/${quote.id}/accept`));
    expect(accepted).toMatchObject({ status: 'accepted', acceptedAt: '2026-05-04T10:00:00.000Z' });
    expectError(await c.post(`/quotes/${quote.id}/decline`), 409, 'conflict');
    const converted = expectData(await c.post(`/quotes/${quote.id}/convert`));
    expect(converted).toMatchObject({ status: 'converted', convertedAt: '2026-05-04T10:00:00.000Z', invoiceId: expect.stringMatching(/^inv_\d+$/) });
    expect(expectError(await c.post(`/quotes/${quote.id}/convert`), 409, 'conflict').message).toBe(`${quote.number} was already converted into invoice ${converted.invoiceId}`);
    expectError(await c.post(`/quotes/${quote.id}/send`), 409, 'conflict');
  });

  it('converts into a draft invoice carrying the quote’s contact, lines and totals', async () => {
    const consulting = await accountId(c, '4100');
    const quote = await create(c, { notes: 'Thanks', lines: [...LINES, { description: 'Advice', unitPrice: 5_000, accountId: consulting }] });
    const converted = expectData(await c.post(`/quotes/${quote.id}/convert`));
    const invoice = expectData(await c.get(`/invoices/${converted.invoiceId}`));
    expect(invoice).toMatchObject({
      status: 'draft',
      number: null,
      contactId,
      quoteId: quote.id,
      reference: quote.number,
      notes: 'Thanks',
      subtotal: quote.subtotal,
      taxTotal: quote.taxTotal,
      total: quote.total,
      issueDate: '2026-05-04',
    });
    expect(invoice.lines).toEqual(quote.lines);
    // The invoice then lives its own life.
    expect(expectData(await c.post(`/invoices/${invoice.id}/finalise`)).status).toBe('finalised');
    expect(expectError(await c.delete(`/contacts/${contactId}`), 409, 'conflict').message).toMatch(/invoice.*quote/);
  });

  it('a draft invoice that came from a quote is voided, not deleted', async () => {
    const quote = await create(c);
    const { invoiceId } = expectData(await c.post(`/quotes/${quote.id}/convert`));
    expect(expectError(await c.delete(`/invoices/${invoiceId}`), 409, 'conflict').message).toMatch(/converted from quote .* void it instead/);
    expect(expectData(await c.post(`/invoices/${invoiceId}/void`)).status).toBe('void');
  });

  it('declined quotes cannot be converted; draft and sent ones can', async () => {
    const declined = await create(c);
    expectData(await c.post(`/quotes/${declined.id}/send`));
    expect(expectData(await c.post(`/quotes/${declined.id}/decline`))).toMatchObject({ status: 'declined', declinedAt: '2026-05-04T10:00:00.000Z' });
    expect(expectError(await c.post(`/quotes/${declined.id}/convert`), 409, 'conflict').message).toMatch(/declined quote cannot be converted/);
    expectError(await c.post(`/quotes/${declined.id}/accept`), 409, 'conflict');
    const draft = await create(c);
    expect(expectData(await c.post(`/quotes/${draft.id}/convert`)).status).toBe('converted');
    const sent = await create(c);
    expectData(await c.post(`/quotes/${sent.id}/send`));
    expect(expectData(await c.post(`/quotes/${sent.id}/convert`)).status).toBe('converted');
  });

  it('makes exactly one invoice when conversions race', async () => {
    const r = await signUp(api);
    const customer = expectData(await r.post('/contacts', { name: 'Racer' }), 201).id;
    const quote = expectData(await r.post('/quotes', { contactId: customer, lines: LINES }), 201);
    const results = await Promise.all(Array.from({ length: 4 }, () => r.post(`/quotes/${quote.id}/convert`)));
    expect(results.filter((x) => x.status === 200)).toHaveLength(1);
    expect(expectData(await r.get('/invoices'))).toHaveLength(1);
  });

  it('filters lists by status, contact and metadata and pages them', async () => {
    const f = await signUp(api);
    const a = expectData(await f.post('/contacts', { name: 'A' }), 201).id;
    const q1 = expectData(await f.post('/quotes', { contactId: a, metadata: { campaign: 'spring' } }), 201);
    const q2 = expectData(await f.post('/quotes', { contactId: a }), 201);
    expectData(await f.post(`/quotes/${q2.id}/send`));
    const ids = (res: { json: { data: Array<{ id: string }> } }) => res.json.data.map((x) => x.id);
    expect(ids(await f.get('/quotes'))).toEqual([q2.id, q1.id]);
    expect(ids(await f.get('/quotes?status=sent'))).toEqual([q2.id]);
    expect(ids(await f.get(`/quotes?contactId=${a}&metadata[campaign]=spring`))).toEqual([q1.id]);
    const past = await f.get('/quotes?page=2&perPage=2');
    expect(past.json).toEqual({ success: true, data: [], meta: { page: 2, perPage: 2, total: 2, totalPages: 1 } });
    expect(invalidFields(await f.get('/quotes?perPage=101&status=open'))).toEqual(['perPage', 'status']);
  });

  it('hides other organisations’ and the other mode’s quotes behind the same 404', async () => {
    const quote = await create(c);
    const stranger = await signUp(api);
    const missing = (await stranger.get('/quotes/quo_999999')).json;
    expect(missing).toEqual({ success: false, error: { code: 'not_found', message: 'Quote not found' } });
    for (const res of [
      await stranger.get(`/quotes/${quote.id}`),
      await stranger.patch(`/quotes/${quote.id}`, { notes: 'x' }),
      await stranger.delete(`/quotes/${quote.id}`),
      await stranger.post(`/quotes/${quote.id}/send`),
      await stranger.post(`/quotes/${quote.id}/convert`),
      await c.inMode('test').get(`/quotes/${quote.id}`),
      await c.get(`/quotes/${quote.id.replace('quo_', 'inv_')}`),
    ]) {
      expect(res.json).toEqual(missing);
    }
    // Test mode numbers its own quotes.
    const t = c.inMode('test');
    const testContact = expectData(await t.post('/contacts', { name: 'T' }), 201).id;
    expect(expectData(await t.post('/quotes', { contactId: testContact }), 201).number).toBe('QUO-0001');
  });
});
