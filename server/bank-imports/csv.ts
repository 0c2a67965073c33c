import { CsvError, parse } from 'csv-parse/sync';
import { columnsFromHeader, HEADERLESS_COLUMNS, type StatementColumns } from './statement-header.js';
import { parseStatementAmount, parseStatementDate, type Parsed } from './statement-values.js';

/**
 * Reads a CSV bank statement into rows of (date, description, signed amount, reference).
 * Pure: no database, no HTTP. A bad file throws a StatementError listing each bad line by the
 * row number a spreadsheet shows for it (1-based; a quoted cell spanning lines is one row).
 */

export const MAX_STATEMENT_ROWS = 10_000;
export const MAX_DESCRIPTION_LENGTH = 500;
export const MAX_REFERENCE_LENGTH = 200;
/** How many rows the header may be preceded by (banks put account details above it). */
const HEADER_SEARCH_ROWS = 10;
/** Enough problems to fix a file in one go, few enough to read. */
const MAX_REPORTED_PROBLEMS = 20;

export interface StatementRow {
  /** The row number in the file, as a spreadsheet shows it. */
  line: number;
  /** `YYYY-MM-DD`. */
  date: string;
  description: string;
  /** Signed minor units: money in is positive, money out negative. */
  amount: number;
  reference: string | null;
}

export interface ParsedStatement {
  rows: StatementRow[];
  /** The header's row number, or null when the file has none and is read as date, description, amount, reference. */
  headerLine: number | null;
}

export interface LineProblem {
  line: number;
  message: string;
}

export class StatementError extends Error {
  constructor(
    /** The first problems found, in line order. */
    readonly problems: LineProblem[],
    /** How many problems there were in all (more than `problems.length` when capped). */
    readonly total = problems.length,
  ) {
    const first = problems[0];
    super(first ? `Line ${first.line}: ${first.message}` : 'The statement could not be read');
    this.name = 'StatementError';
  }
}

const CSV_SYNTAX_PROBLEMS: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by more text (write a quote inside a quoted field as "")',
  INVALID_OPENING_QUOTE: 'a quote appears inside an unquoted field (quote the whole field and write the inner quote as "")',
};

/** Every record of the file, one per spreadsheet row (blank rows included, so index + 1 is the row number). */
function readRecords(text: string): string[][] {
  // One line ending everywhere (CRLF, LF, or old Mac CR), so csv-parse never guesses, and
  // row numbers stay exact. Inside a quoted cell the line break is whitespace anyway.
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  try {
    return parse(normalised, { record_delimiter: '\n', relax_column_count: true, skip_empty_lines: false });
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const recordsBefore = typeof err.records === 'number' ? err.records : 0;
    const message = CSV_SYNTAX_PROBLEMS[err.code] ?? 'the row is not valid CSV';
    throw new StatementError([{ line: recordsBefore + 1, message }]);
  }
}

const isBlank = (record: readonly string[]) => record.every((cell) => cell.trim() === '');

/** The header row and the columns it names, or a headerless file read in SPEC order. */
function findColumns(records: string[][]): { columns: StatementColumns; headerIndex: number | null; firstDataIndex: number } {
  const nonBlank = records.map((record, index) => ({ record, index })).filter(({ record }) => !isBlank(record));
  const first = nonBlank[0];
  if (!first) throw new StatementError([{ line: 1, message: 'the file is empty' }]);
  for (const { record, index } of nonBlank.slice(0, HEADER_SEARCH_ROWS)) {
    const columns = columnsFromHeader(record);
    if (columns) return { columns, headerIndex: index, firstDataIndex: index + 1 };
  }
  if (parseStatementDate(first.record[0] ?? '').ok) {
    return { columns: HEADERLESS_COLUMNS, headerIndex: null, firstDataIndex: first.index };
  }
  throw new StatementError([
    {
      line: first.index + 1,
      message: 'no header row found: the file needs columns named date, description and amount (or paid out and paid in)',
    },
  ]);
}

function readAmount(cell: (index: number | null) => string, columns: StatementColumns): Parsed<number> {
  if (columns.amount !== null) return parseStatementAmount(cell(columns.amount), 'amount');
  const debitLabel = columns.debit === null ? '' : (columns.labels[columns.debit] ?? 'debit').toLowerCase();
  const creditLabel = columns.credit === null ? '' : (columns.labels[columns.credit] ?? 'credit').toLowerCase();
  const debitText = cell(columns.debit);
  const creditText = cell(columns.credit);
  if (debitText === '' && creditText === '') {
    const names = [debitLabel, creditLabel].filter(Boolean).join(' and ');
    return { ok: false, problem: `no amount: ${names} ${names.includes(' and ') ? 'are' : 'is'} empty` };
  }
  const debit = debitText === '' ? null : parseStatementAmount(debitText, debitLabel);
  const credit = creditText === '' ? null : parseStatementAmount(creditText, creditLabel);
  if (debit && !debit.ok) return debit;
  if (credit && !credit.ok) return credit;
  const out = debit?.ok ? Math.abs(debit.value) : 0;
  const into = credit?.ok ? Math.abs(credit.value) : 0;
  if (out !== 0 && into !== 0) return { ok: false, problem: `both ${debitLabel} and ${creditLabel} have a value; a row needs one of them` };
  return { ok: true, value: into - out };
}

/** A transaction moves money: a zero row (a balance line, a waived fee) is refused like POST /transactions refuses it. */
function nonZero(amount: Parsed<number>): Parsed<number> {
  return amount.ok && amount.value === 0 ? { ok: false, problem: 'amount is zero; a transaction needs money in or out' } : amount;
}

function readRow(record: readonly string[], line: number, columns: StatementColumns): StatementRow | string[] {
  const cell = (index: number | null) => (index === null ? '' : (record[index] ?? '').trim());
  const problems: string[] = [];
  const date = parseStatementDate(cell(columns.date));
  if (!date.ok) problems.push(date.problem);
  // Collapse line breaks and runs of spaces: duplicate detection compares descriptions.
  const description = cell(columns.description).replace(/\s+/g, ' ');
  if (description === '') problems.push('description is empty');
  else if (description.length > MAX_DESCRIPTION_LENGTH) problems.push(`description is longer than ${MAX_DESCRIPTION_LENGTH} characters`);
  const amount = nonZero(readAmount(cell, columns));
  if (!amount.ok) problems.push(amount.problem);
  const reference = cell(columns.reference).replace(/\s+/g, ' ');
  if (reference.length > MAX_REFERENCE_LENGTH) problems.push(`reference is longer than ${MAX_REFERENCE_LENGTH} characters`);
  if (problems.length > 0 || !date.ok || !amount.ok) return problems;
  return { line, date: date.value, description, amount: amount.value, reference: reference === '' ? null : reference };
}

/** Parses a whole statement or throws a StatementError naming every bad line (up to 20). */
export function parseStatementCsv(text: string): ParsedStatement {
  const records = readRecords(text);
  const { columns, headerIndex, firstDataIndex } = findColumns(records);
  const rows: StatementRow[] = [];
  const problems: LineProblem[] = [];
  let problemCount = 0;
  let dataRows = 0;
  for (let index = firstDataIndex; index < records.length; index += 1) {
    const record = records[index] as string[];
    if (isBlank(record)) continue;
    const line = index + 1;
    dataRows += 1;
    if (dataRows > MAX_STATEMENT_ROWS) {
      throw new StatementError([
        { line, message: `the file has more than ${MAX_STATEMENT_ROWS.toLocaleString('en-GB')} transaction rows; split it into smaller files` },
      ]);
    }
    const row = readRow(record, line, columns);
    if (Array.isArray(row)) {
      problemCount += 1;
      if (problems.length < MAX_REPORTED_PROBLEMS) problems.push({ line, message: row.join('; ') });
    } else {
      rows.push(row);
    }
  }
  if (problemCount > 0) throw new StatementError(problems, problemCount);
  if (dataRows === 0) {
    const line = headerIndex === null ? 1 : headerIndex + 2;
    throw new StatementError([{ line, message: 'the file has no transaction rows after the header' }]);
  }
  return { rows, headerLine: headerIndex === null ? null : headerIndex + 1 };
}
