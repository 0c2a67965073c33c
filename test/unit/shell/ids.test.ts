import { describe, expect, it } from 'vitest';
import { createIdFinder, findIds } from '../../../shell/ids.js';

const OURS = ['inv', 'cont', 'acc', 'key', 'txn'];
const ids = (line: string, known: Parameters<typeof findIds>[1] = OURS) => findIds(line, known).map((f) => f.id);

describe('findIds', () => {
  it('finds our IDs with their offsets, prefix and cells', () => {
    const line = '    "id": "inv_29", "contactId": "cont_1",';
    const found = findIds(line, OURS);
    expect(found).toEqual([
      { start: 11, end: 17, id: 'inv_29', prefix: 'inv', startColumn: 11, endColumn: 17 },
      { start: 34, end: 40, id: 'cont_1', prefix: 'cont', startColumn: 34, endColumn: 40 },
    ]);
    expect(line.slice(found[0]!.start, found[0]!.end)).toBe('inv_29');
  });

  it('finds IDs inside paths, punctuation and at the ends of the line', () => {
    expect(ids('inv_1')).toEqual(['inv_1']);
    expect(ids('GET /invoices/inv_29/finalise')).toEqual(['inv_29']);
    expect(ids('(see inv_2.) [cont_3], acc_4;key_5')).toEqual(['inv_2', 'cont_3', 'acc_4', 'key_5']);
  });

  it('needs a whole token: a prefix glued to a word or a body running on is not an ID', () => {
    expect(ids('xinv_29')).toEqual([]);
    expect(ids('inv_29abc')).toEqual([]);
    expect(ids('inv_29_x')).toEqual([]);
    expect(ids('_inv_29')).toEqual([]);
    expect(ids('éinv_29 inv_29é')).toEqual([]);
  });

  it('never treats plain numbers, unknown prefixes or snake_case words as IDs', () => {
    expect(ids('29 1200 0.5 -3')).toEqual([]);
    expect(ids('foo_29 quo_3')).toEqual([]);
    expect(ids('acc_balance key_count inv_total txn_')).toEqual([]);
    expect(ids('INV_29')).toEqual([]);
  });

  it('accepts random-looking keys for foreign APIs without a pattern', () => {
    const known = ['cus', 'ctm', 'sub', 'sub_sched'];
    expect(ids('customer cus_NffrFeUfNV2Hib created', known)).toEqual(['cus_NffrFeUfNV2Hib']);
    expect(ids('ctm_01hqz3k8t9v0w2x4y6z8a0b2c4', known)).toEqual(['ctm_01hqz3k8t9v0w2x4y6z8a0b2c4']);
    expect(ids('cus_abcdefghij cus_short1', known)).toEqual([]);
    const sched = findIds('sub_sched_1Mr3abcDEF', known);
    expect(sched.map((f) => [f.id, f.prefix])).toEqual([['sub_sched_1Mr3abcDEF', 'sub_sched']]);
  });

  it('checks the whole token against the spec pattern when one is known', () => {
    const known = new Map([
      ['inv', { pattern: '^inv_[1-9][0-9]*$' }],
      ['ctm', { pattern: /^ctm_[a-z0-9]{26}$/ }],
      ['cus', null],
    ]);
    expect(ids('inv_29 inv_029 inv_0', known)).toEqual(['inv_29']);
    expect(ids('ctm_01hqz3k8t9v0w2x4y6z8a0b2c4 ctm_01HQZ3K8T9V0W2X4Y6Z8A0B2C4 ctm_1', known)).toEqual(['ctm_01hqz3k8t9v0w2x4y6z8a0b2c4']);
    expect(ids('cus_NffrFeUfNV2Hib', known)).toEqual(['cus_NffrFeUfNV2Hib']);
  });

  it('anchors an unanchored spec pattern and ignores an invalid one', () => {
    expect(ids('inv_1abc inv_1', new Map([['inv', { pattern: 'inv_\\d+' }]]))).toEqual(['inv_1']);
    expect(ids('inv_1', new Map([['inv', { pattern: '([' }]]))).toEqual(['inv_1']);
  });

  it('counts cells with wide characters before the ID', () => {
    const [found] = findIds('日本 inv_7', OURS);
    expect(found).toMatchObject({ start: 3, end: 8, startColumn: 5, endColumn: 10 });
  });

  it('finds nothing with no known prefixes', () => {
    expect(ids('inv_29', [])).toEqual([]);
  });

  it('compiles once and can be reused line after line', () => {
    const find = createIdFinder(OURS);
    expect(find('inv_1').map((f) => f.id)).toEqual(['inv_1']);
    expect(find('cont_2 inv_3').map((f) => f.id)).toEqual(['cont_2', 'inv_3']);
  });
});
