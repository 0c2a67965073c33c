/**
 * The two cell types of a bank statement that need real parsing: dates and amounts.
 * Each parser returns the value or a problem phrased to follow the cell's quoted text
 * (`date "31/02/2026" is not a real date`), so the CSV reader can prefix the line number.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(problem: string): Parsed<T> => ({ ok: false, problem });

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
// Day first, as UK banks write it; the same separator twice (`15/01-2026` is not a date).
const DAY_FIRST_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;
const TWO_DIGIT_YEAR = /^\d{1,2}([/.-])\d{1,2}\1\d{2}$/;

const EARLIEST_YEAR = 1900;
const LATEST_YEAR = 2100;

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one; UTC so no zone can shift it.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A statement date as `YYYY-MM-DD`. Accepts ISO `YYYY-MM-DD` and day-first `DD/MM/YYYY`,
 * `DD-MM-YYYY`, `DD.MM.YYYY`. Two-digit years are refused rather than guessed, and a date that
 * does not exist (31/02/2026, or a US-style 12/31/2026 read day-first) is an error, never rolled
 * over into the next month.
 */
export function parseStatementDate(text: string): Parsed<string> {
  const raw = text.trim();
  if (raw === '') return fail('date is empty');
  let year: number;
  let month: number;
  let day: number;
  const iso = ISO_DATE.exec(raw);
  const dayFirst = DAY_FIRST_DATE.exec(raw);
  if (iso) {
    [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (dayFirst) {
    [day, month, year] = [Number(dayFirst[1]), Number(dayFirst[3]), Number(dayFirst[4])];
  } else if (TWO_DIGIT_YEAR.test(raw)) {
    return fail(`date "${raw}" has a two-digit year, which is ambiguous; use four digits (DD/MM/YYYY)`);
  } else {
    return fail(`date "${raw}" is not in a recognised format (YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY or DD.MM.YYYY)`);
  }
  if (!isRealDate(year, month, day)) {
    const hint = dayFirst ? ' (dates are read day first, DD/MM/YYYY)' : '';
    return fail(`date "${raw}" is not a real date${hint}`);
  }
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return fail(`date "${raw}" is outside the years ${EARLIEST_YEAR}–${LATEST_YEAR}`);
  return ok(`${pad(year, 4)}-${pad(month)}-${pad(day)}`);
}

// Digits with optional comma thousands separators in the right places, then optional pence.
const NUMBER = /^(?:(\d{1,3}(?:,\d{3})+)|(\d+))?(?:\.(\d+))?$/;
const CURRENCY_SYMBOL = /^[£$€]/;
/** 10^12 pence (10 billion pounds), the most a transaction may hold: far beyond any statement line. */
export const MAX_MINOR_UNITS = 1_000_000_000_000;

/**
 * An amount as integer minor units (pence), never through floating point.
 * Accepts `1,234.56`, `-12.30`, `+12.30`, `(12.30)` (accounting negative), `£12.30`, `-£12.30`,
 * `£-12.30`, and a Unicode minus sign. More than two decimal places is an error, not a rounding.
 */
export function parseStatementAmount(text: string, label = 'amount'): Parsed<number> {
  const raw = text.trim();
  if (raw === '') return fail(`${label} is empty`);
  let s = raw.replace(/\u2212/g, '-');
  let negative = false;
  const parenthesised = /^\((.*)\)$/.exec(s);
  if (parenthesised) {
    negative = true;
    s = (parenthesised[1] ?? '').trim();
  }
  let signs = 0;
  const takeSign = () => {
    if (s[0] === '-' || s[0] === '+') {
      negative = negative !== (s[0] === '-');
      signs += 1;
      s = s.slice(1).trimStart();
    }
  };
  takeSign();
  if (CURRENCY_SYMBOL.test(s)) s = s.slice(1).trimStart();
  takeSign();
  const number = NUMBER.exec(s);
  const whole = number ? (number[1] ?? number[2] ?? '') : '';
  const fraction = number ? (number[3] ?? '') : '';
  if (!number || signs > 1 || (parenthesised && signs > 0) || (whole === '' && fraction === '')) {
    return fail(`${label} "${raw}" is not a number`);
  }
  if (fraction.length > 2) return fail(`${label} "${raw}" has more than two decimal places`);
  const pounds = Number(whole.replace(/,/g, '') || '0');
  const minor = pounds * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(minor) || minor > MAX_MINOR_UNITS) return fail(`${label} "${raw}" is too large`);
  // `-0` would serialise as 0 but compare oddly; a zero is never negative.
  return ok(negative && minor !== 0 ? -minor : minor);
}
