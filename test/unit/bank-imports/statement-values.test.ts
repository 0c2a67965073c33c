import { describe, expect, it } from 'vitest';
import { parseStatementAmount, parseStatementDate } from '../../../server/bank-imports/statement-values.js';

const value = <T>(r: { ok: true; value: T } | { ok: false; problem: string }) => (r.ok ? r.value : `ERROR: ${r.problem}`);

describe('statement dates', () => {
  it('reads ISO and day-first dates with /, - and . separators', () => {
    expect(value(parseStatementDate('2026-01-15'))).toBe('2026-01-15');
    expect(value(parseStatementDate('15/01/2026'))).toBe('2026-01-15');
    expect(value(parseStatementDate('15-01-2026'))).toBe('2026-01-15');
    expect(value(parseStatementDate('15.01.2026'))).toBe('2026-01-15');
    expect(value(parseStatementDate(' 5/1/2026 '))).toBe('2026-01-05');
    expect(value(parseStatementDate('29/02/2028'))).toBe('2028-02-29');
  });

  it('refuses dates that do not exist instead of rolling them over', () => {
    for (const bad of ['31/02/2026', '29/02/2026', '2026-02-30', '2026-13-01', '00/01/2026', '12/31/2026']) {
      const r = parseStatementDate(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.problem).toContain(`"${bad}" is not a real date`);
    }
    const us = parseStatementDate('12/31/2026');
    expect(!us.ok && us.problem).toMatch(/read day first/);
  });

  it('refuses two-digit years as ambiguous, and unknown formats, naming the formats it reads', () => {
    const twoDigit = parseStatementDate('15/01/26');
    expect(!twoDigit.ok && twoDigit.problem).toMatch(/two-digit year.*ambiguous/);
    for (const bad of ['2026/01/15', '15/01-2026', 'Jan 15 2026', '20260115', 'yesterday']) {
      const r = parseStatementDate(bad);
      expect(!r.ok && r.problem, bad).toMatch(/not in a recognised format \(YYYY-MM-DD, DD\/MM\/YYYY/);
    }
    expect(parseStatementDate('')).toEqual({ ok: false, problem: 'date is empty' });
    expect(parseStatementDate('01/01/1850').ok).toBe(false);
  });
});

describe('statement amounts', () => {
  it('turns the usual spellings into integer minor units', () => {
    const cases: Array<[string, number]> = [
      ['12.30', 1230],
      ['-12.30', -1230],
      ['+12.30', 1230],
      ['(12.30)', -1230],
      ['£12.30', 1230],
      ['-£12.30', -1230],
      ['£-12.30', -1230],
      ['(£1,234.56)', -123456],
      ['1,234.56', 123456],
      ['1,234,567.8', 123456780],
      ['12', 1200],
      ['12.3', 1230],
      ['.5', 50],
      ['0.00', 0],
      ['-0.00', 0],
      ['\u221212.30', -1230],
      ['$ 7.05', 705],
      ['€0.01', 1],
      // 0.1 + 0.2 style float errors would show here
      ['1.15', 115],
      ['4.35', 435],
    ];
    for (const [text, minor] of cases) expect(value(parseStatementAmount(text)), text).toBe(minor);
    expect(Object.is(value(parseStatementAmount('-0.00')), -0)).toBe(false);
  });

  it('refuses what is not an amount, naming the column label', () => {
    expect(parseStatementAmount('12.345')).toEqual({ ok: false, problem: 'amount "12.345" has more than two decimal places' });
    expect(parseStatementAmount('abc', 'paid out')).toEqual({ ok: false, problem: 'paid out "abc" is not a number' });
    for (const bad of ['1,23.45', '12,30', '--5', '(-5)', '+-5', '1.2.3', '£', '-', '12 30', '1e5']) {
      const r = parseStatementAmount(bad);
      expect(!r.ok && r.problem, bad).toMatch(/is not a number/);
    }
    expect(parseStatementAmount('  ')).toEqual({ ok: false, problem: 'amount is empty' });
    expect(parseStatementAmount('10,000,000,000.00').ok).toBe(true);
    expect(parseStatementAmount('10,000,000,000.01')).toEqual({ ok: false, problem: 'amount "10,000,000,000.01" is too large' });
    expect(parseStatementAmount('99999999999999999').ok).toBe(false);
  });
});
