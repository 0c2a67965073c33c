import { describe, expect, it } from 'vitest';
import { MAX_FIELDS, MAX_TEXT, previewOf } from '../../../../shell/power/id-preview.js';

const json = (value: unknown) => JSON.stringify(value);

describe('previewOf', () => {
  it('picks name, number and status from our envelope, in that order', () => {
    const body = json({ success: true, data: { id: 'inv_3', status: 'paid', number: 'INV-0003', contactId: 'cont_1', total: 1200, dueDate: '2026-12-01' } });
    expect(previewOf(200, body, 'application/json')).toEqual({
      kind: 'fields',
      fields: [
        ['number', 'INV-0003'],
        ['status', 'paid'],
        ['dueDate', '2026-12-01'],
      ],
    });
  });

  it('reads a bare object (another API) and skips null and object values', () => {
    const body = json({ id: 'shp_1', reference: 'ORDER-1', status: 'in_transit', name: null, destination: { city: 'Lyon' } });
    expect(previewOf(200, body, null)).toEqual({ kind: 'fields', fields: [['status', 'in_transit'], ['reference', 'ORDER-1']] });
  });

  it('keeps at most MAX_FIELDS one-line texts, cut and masked', () => {
    const body = json({ data: { name: `A\nB${'x'.repeat(100)}`, number: 1, status: 'ok', type: 't', email: 'e@x', description: 'sk_test_abcdefghijklmnop' } });
    const preview = previewOf(200, body, 'application/json');
    expect(preview?.kind).toBe('fields');
    const fields = preview!.kind === 'fields' ? preview!.fields : [];
    expect(fields).toHaveLength(MAX_FIELDS);
    expect(fields[0]![1]).toMatch(/^A Bx+…$/);
    expect([...fields[0]![1]]).toHaveLength(MAX_TEXT);
    const secret = previewOf(200, json({ data: { description: 'key sk_test_abcdefghijklmnop' } }), null);
    expect(secret).toEqual({ kind: 'fields', fields: [['description', 'key sk_test_…mnop']] });
  });

  it('a credential or missing-object status is a short note; other failures show nothing', () => {
    expect(previewOf(404, '{"error":{}}', 'application/json')).toEqual({ kind: 'note', text: 'Not found (404)' });
    expect(previewOf(403, '', null)).toEqual({ kind: 'note', text: 'The current key may not read this (403)' });
    expect(previewOf(401, '', null)?.kind).toBe('note');
    expect(previewOf(500, '{}', null)).toBeNull();
    expect(previewOf(429, '{}', null)).toBeNull();
    expect(previewOf(200, 'not json', 'text/plain')).toBeNull();
    expect(previewOf(200, json({ data: { id: 'x_1' } }), null)).toBeNull();
  });
});
