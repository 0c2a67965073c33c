import { describe, expect, it } from 'vitest';
import { MAX_STATEMENT_ROWS, parseStatementCsv, StatementError, type LineProblem } from '../../../server/bank-imports/csv.js';

function problemsOf(text: string): { problems: LineProblem[]; total: number; message: string } {
  try {
    parseStatementCsv(text);
  } catch (err) {
    if (err instanceof StatementError) return { problems: err.problems, total: err.total, message: err.message };
    throw err;
  }
  throw new Error('expected the statement to be refused');
}

describe('reading a CSV bank statement', () => {
  it('reads a simple signed-amount statement with a reference column', () => {
    const csv = 'Date,Description,Amount,Reference\n2026-01-15,Coffee Shop,-3.20,CARD 1234\n16/01/2026,Client payment,"1,250.00",INV-7\n';
    expect(parseStatementCsv(csv)).toEqual({
      headerLine: 1,
      rows: [
        { line: 2, date: '2026-01-15', description: 'Coffee Shop', amount: -320, reference: 'CARD 1234' },
        { line: 3, date: '2026-01-16', description: 'Client payment', amount: 125000, reference: 'INV-7' },
      ],
    });
  });

  it('recognises header aliases in any case, in any order, with extra columns ignored', () => {
    const csv = 'Balance,NARRATIVE,Ref.,Transaction Date,Value\n100.00,Rent,R1,01.02.2026,(950.00)\n';
    expect(parseStatementCsv(csv).rows).toEqual([{ line: 2, date: '2026-02-01', description: 'Rent', amount: -95000, reference: 'R1' }]);
    for (const header of ['posted,details,amount', 'Date,Memo,Amount', 'Transaction date,Description,Amount (GBP)']) {
      expect(parseStatementCsv(`${header}\n2026-03-01,x,1.00\n`).rows[0]?.amount, header).toBe(100);
    }
  });

  it('reads separate paid-out and paid-in columns as one signed amount', () => {
    const csv = 'Date,Description,Paid out,Paid in\n02-01-2026,Stationery,£12.30,\n03-01-2026,Refund,,£4.00\n04-01-2026,Zero-out,0.00,5.00\n';
    expect(parseStatementCsv(csv).rows.map((r) => r.amount)).toEqual([-1230, 400, 500]);
    const moneyCsv = 'date,description,money out,money in\n2026-01-01,a,1.00,\n';
    expect(parseStatementCsv(moneyCsv).rows[0]?.amount).toBe(-100);
    const debitCredit = 'Date,Details,Debit,Credit\n2026-01-01,a,,2.50\n';
    expect(parseStatementCsv(debitCredit).rows[0]?.amount).toBe(250);
  });

  it('handles quoted fields with commas, doubled quotes and line breaks, counting rows as a spreadsheet does', () => {
    const csv = 'Date,Description,Amount\n2026-01-01,"Smith, J ""Jo""",1.00\n2026-01-02,"two\nline",2.00\n2026-01-03,bad,x\n';
    const { problems } = problemsOf(csv);
    expect(problems).toEqual([{ line: 4, message: 'amount "x" is not a number' }]);
    const ok = parseStatementCsv(csv.replace(',x\n', ',3.00\n'));
    expect(ok.rows.map((r) => [r.line, r.description])).toEqual([
      [2, 'Smith, J "Jo"'],
      [3, 'two line'],
      [4, 'bad'],
    ]);
  });

  it('strips a UTF-8 BOM and accepts CRLF (and bare CR) line endings', () => {
    const csv = '\uFEFFDate,Description,Amount\r\n2026-01-01,"a\r\nb",1.00\r\n\r\n2026-01-02,c,2.00\r\n';
    const parsed = parseStatementCsv(csv);
    expect(parsed.rows.map((r) => [r.line, r.description, r.amount])).toEqual([
      [2, 'a b', 100],
      [4, 'c', 200],
    ]);
    expect(parseStatementCsv('Date,Description,Amount\r2026-01-01,a,1.00\r').rows).toHaveLength(1);
  });

  it('finds the header below preamble rows and skips blank rows', () => {
    const csv = 'Account,12345678\nSort code,00-00-00\n\nDate,Description,Amount\n2026-01-01,a,1.00\n,,\n2026-01-02,b,-1.00\n';
    const parsed = parseStatementCsv(csv);
    expect(parsed.headerLine).toBe(4);
    expect(parsed.rows.map((r) => r.line)).toEqual([5, 7]);
  });

  it('reads a headerless file as date, description, amount, reference', () => {
    const parsed = parseStatementCsv('2026-01-01,Coffee,-2.50,REF1\n2026-01-02,Tea,-1.80\n');
    expect(parsed.headerLine).toBeNull();
    expect(parsed.rows).toEqual([
      { line: 1, date: '2026-01-01', description: 'Coffee', amount: -250, reference: 'REF1' },
      { line: 2, date: '2026-01-02', description: 'Tea', amount: -180, reference: null },
    ]);
  });

  it('names the line and the problem of an impossible or ambiguous date', () => {
    const { problems, message } = problemsOf('Date,Description,Amount\n2026-01-01,ok,1.00\n31/02/2026,bad,1.00\n01/02/26,bad,1.00\n');
    expect(problems).toEqual([
      { line: 3, message: 'date "31/02/2026" is not a real date (dates are read day first, DD/MM/YYYY)' },
      { line: 4, message: 'date "01/02/26" has a two-digit year, which is ambiguous; use four digits (DD/MM/YYYY)' },
    ]);
    expect(message).toBe('Line 3: date "31/02/2026" is not a real date (dates are read day first, DD/MM/YYYY)');
  });

  it('reports every problem of a row together, and every bad row', () => {
    const { problems, total } = problemsOf('Date,Description,Amount\nsoon,,12.345\n2026-01-01,ok,1\n2026-01-02,,1\n');
    expect(total).toBe(2);
    expect(problems).toEqual([
      { line: 2, message: 'date "soon" is not in a recognised format (YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY or DD.MM.YYYY); description is empty; amount "12.345" has more than two decimal places' },
      { line: 4, message: 'description is empty' },
    ]);
  });

  it('caps the reported problems at 20 but counts them all', () => {
    const rows = Array.from({ length: 30 }, () => '2026-01-01,x,nope').join('\n');
    const { problems, total } = problemsOf(`Date,Description,Amount\n${rows}\n`);
    expect(problems).toHaveLength(20);
    expect(total).toBe(30);
    expect(problems[19]?.line).toBe(21);
  });

  it('refuses rows with both or neither of paid out and paid in', () => {
    const { problems } = problemsOf('Date,Description,Paid out,Paid in\n2026-01-01,a,1.00,2.00\n2026-01-02,b,,\n2026-01-03,c,x,\n');
    expect(problems).toEqual([
      { line: 2, message: 'both paid out and paid in have a value; a row needs one of them' },
      { line: 3, message: 'no amount: paid out and paid in are empty' },
      { line: 4, message: 'paid out "x" is not a number' },
    ]);
  });

  it('refuses zero amounts, as the transactions resource does', () => {
    expect(problemsOf('Date,Description,Amount\n2026-01-01,Balance,0.00\n').problems).toEqual([
      { line: 2, message: 'amount is zero; a transaction needs money in or out' },
    ]);
    expect(problemsOf('Date,Description,Paid out,Paid in\n2026-01-01,a,0.00,\n').problems[0]?.message).toBe('amount is zero; a transaction needs money in or out');
  });

  it('names the line of CSV syntax errors', () => {
    expect(problemsOf('Date,Description,Amount\n2026-01-01,"a,1.00\n2026-01-02,b,2.00\n').problems).toEqual([
      { line: 2, message: 'a quoted field is never closed' },
    ]);
    expect(problemsOf('Date,Description,Amount\n2026-01-01,ok,1\n2026-01-01,"a"b,1.00\n').problems[0]?.line).toBe(3);
    expect(problemsOf('Date,Description,Amount\n2026-01-01,a "b",1.00\n').problems[0]).toEqual({
      line: 2,
      message: 'a quote appears inside an unquoted field (quote the whole field and write the inner quote as "")',
    });
  });

  it('refuses a file without a usable header, an empty file, and a header with no rows', () => {
    expect(problemsOf('Name,Value\nfoo,1\n').problems[0]).toEqual({
      line: 1,
      message: 'no header row found: the file needs columns named date, description and amount (or paid out and paid in)',
    });
    expect(problemsOf('').problems[0]).toEqual({ line: 1, message: 'the file is empty' });
    expect(problemsOf('\n\n').problems[0]).toEqual({ line: 1, message: 'the file is empty' });
    expect(problemsOf('Date,Description,Amount\n\n').problems[0]).toEqual({ line: 2, message: 'the file has no transaction rows after the header' });
  });

  it('accepts 10,000 rows and refuses the 10,001st, naming its line', () => {
    const row = '2026-01-01,x,1.00\n';
    expect(parseStatementCsv(`Date,Description,Amount\n${row.repeat(MAX_STATEMENT_ROWS)}`).rows).toHaveLength(MAX_STATEMENT_ROWS);
    expect(problemsOf(`Date,Description,Amount\n${row.repeat(MAX_STATEMENT_ROWS + 1)}`).problems).toEqual([
      { line: MAX_STATEMENT_ROWS + 2, message: 'the file has more than 10,000 transaction rows; split it into smaller files' },
    ]);
  });

  it('refuses over-long descriptions and references', () => {
    const { problems } = problemsOf(`Date,Description,Amount,Reference\n2026-01-01,${'d'.repeat(501)},1,${'r'.repeat(201)}\n`);
    expect(problems[0]?.message).toBe('description is longer than 500 characters; reference is longer than 200 characters');
  });
});
