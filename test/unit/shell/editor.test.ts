import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyEdit,
  atEnd,
  backspace,
  deleteForward,
  deleteWordBack,
  deleteWordForward,
  EMPTY_LINE,
  end,
  home,
  insert,
  killToEnd,
  killToStart,
  left,
  lineOf,
  right,
  wordLeft,
  wordRight,
  type EditorState,
} from '../../../shell/editor/model.js';
import { historyDown, historyUp, START_NAV } from '../../../shell/editor/history-nav.js';

/** `|` marks the cursor: 'GET /in|v' ⇄ {text: 'GET /inv', cursor: 7}. */
const at = (marked: string): EditorState => ({ text: marked.replace('|', ''), cursor: marked.indexOf('|') });
const show = (s: EditorState) => `${s.text.slice(0, s.cursor)}|${s.text.slice(s.cursor)}`;

describe('line editor model', () => {
  it('inserts at the cursor', () => {
    expect(show(insert(at('GET /|'), 'invoices'))).toBe('GET /invoices|');
    expect(show(insert(at('GT| /x'), 'E'))).toBe('GTE| /x');
    expect(insert(EMPTY_LINE, '')).toBe(EMPTY_LINE);
  });

  it('keeps the line one line: breaks and tabs become spaces, controls vanish', () => {
    expect(show(insert(at('|'), 'a\r\nb\tc\x1b[31md\x9b'))).toBe('a b c[31md|');
  });

  it('deletes backwards and forwards by character', () => {
    expect(show(backspace(at('GET| /x')))).toBe('GE| /x');
    expect(show(backspace(at('|GET')))).toBe('|GET');
    expect(show(deleteForward(at('G|ET')))).toBe('G|T');
    expect(show(deleteForward(at('GET|')))).toBe('GET|');
  });

  it('treats a surrogate pair and a base with its combining marks as one character', () => {
    expect(show(backspace(at('a😀|b')))).toBe('a|b');
    expect(show(left(at('a😀|b')))).toBe('a|😀b');
    expect(show(right(at('a|😀b')))).toBe('a😀|b');
    expect(show(backspace(at('xe\u0301|')))).toBe('x|');
    expect(show(left(at('xe\u0301|')))).toBe('x|e\u0301');
    expect(show(deleteForward(at('x|e\u0301y')))).toBe('x|y');
  });

  it('moves by character, word and line', () => {
    expect(show(left(at('ab|')))).toBe('a|b');
    expect(show(left(at('|ab')))).toBe('|ab');
    expect(show(right(at('ab|')))).toBe('ab|');
    expect(show(home(at('ab|c')))).toBe('|abc');
    expect(show(end(at('a|bc')))).toBe('abc|');
  });

  it('crosses a path word by word', () => {
    let s = at('GET /invoices/inv_29|');
    const stops: string[] = [];
    for (let i = 0; i < 4; i += 1) stops.push(show((s = wordLeft(s))));
    expect(stops).toEqual(['GET /invoices/|inv_29', 'GET /|invoices/inv_29', '|GET /invoices/inv_29', '|GET /invoices/inv_29']);
    s = at('|GET /invoices/inv_29');
    expect(show((s = wordRight(s)))).toBe('GET| /invoices/inv_29');
    expect(show((s = wordRight(s)))).toBe('GET /invoices|/inv_29');
    expect(show((s = wordRight(s)))).toBe('GET /invoices/inv_29|');
  });

  it('kills to the end (Ctrl+K) and to the start (Ctrl+U)', () => {
    expect(show(killToEnd(at('GET /inv|oices')))).toBe('GET /inv|');
    expect(show(killToStart(at('GET /inv|oices')))).toBe('|oices');
  });

  it('deletes the previous word (Ctrl+W, Alt+Backspace) and the next (Alt+D)', () => {
    expect(show(deleteWordBack(at('GET /invoices/inv_29|')))).toBe('GET /invoices/|');
    expect(show(deleteWordBack(at('GET /invoices/|')))).toBe('GET /|');
    expect(show(deleteWordBack(at('POST /c {"name": "Acme"}|')))).toBe('POST /c {"name": "|');
    expect(show(deleteWordBack(at('GET  |')))).toBe('|');
    expect(show(deleteWordBack(at('|GET')))).toBe('|GET');
    expect(show(deleteWordForward(at('GET| /invoices')))).toBe('GET|');
  });

  it('dispatches edits by name', () => {
    expect(show(applyEdit(at('ab|'), { type: 'insert', text: 'c' }))).toBe('abc|');
    expect(show(applyEdit(at('ab|'), { type: 'home' }))).toBe('|ab');
    expect(show(applyEdit(at('a|b'), { type: 'delete' }))).toBe('a|');
    expect(show(applyEdit(at('a b|'), { type: 'deleteWordBack' }))).toBe('a |');
  });

  it('builds a line from any text with a valid cursor', () => {
    expect(lineOf('GET /x')).toEqual({ text: 'GET /x', cursor: 6 });
    expect(lineOf('a\nb', 1)).toEqual({ text: 'a b', cursor: 1 });
    expect(lineOf('😀', 1)).toEqual({ text: '😀', cursor: 0 });
    expect(lineOf('e\u0301', 1)).toEqual({ text: 'e\u0301', cursor: 0 });
    expect(lineOf('ab', 99).cursor).toBe(2);
    expect(lineOf('ab', -3).cursor).toBe(0);
    expect(atEnd(lineOf('ab'))).toBe(true);
  });

  it('keeps the cursor within the text and on a character start under any edits', () => {
    const edits = fc.constantFrom(
      ...(['backspace', 'delete', 'left', 'right', 'wordLeft', 'wordRight', 'home', 'end', 'killToEnd', 'killToStart', 'deleteWordBack', 'deleteWordForward'] as const).map(
        (type) => ({ type }),
      ),
    );
    const inserts = fc.constantFrom('a', ' ', '/', '😀', 'e\u0301', '日', '_', '{"a":1}').map((text) => ({ type: 'insert' as const, text }));
    fc.assert(
      fc.property(fc.array(fc.oneof(edits, inserts), { maxLength: 40 }), (actions) => {
        let s = EMPTY_LINE;
        for (const action of actions) {
          s = applyEdit(s, action);
          expect(s.cursor).toBeGreaterThanOrEqual(0);
          expect(s.cursor).toBeLessThanOrEqual(s.text.length);
          expect(lineOf(s.text, s.cursor).cursor).toBe(s.cursor);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('history navigation', () => {
  const entries = ['GET /contacts', 'GET /invoices', 'POST /contacts {"name":"A"}'];

  it('walks up from the newest entry and back down to the saved draft', () => {
    let step = historyUp(START_NAV, entries, 'GET /dra')!;
    expect(step.text).toBe('POST /contacts {"name":"A"}');
    step = historyUp(step.nav, entries, step.text)!;
    expect(step.text).toBe('GET /invoices');
    step = historyUp(step.nav, entries, step.text)!;
    expect(step.text).toBe('GET /contacts');
    expect(historyUp(step.nav, entries, step.text)).toBeNull();
    step = historyDown(step.nav, entries, step.text)!;
    expect(step.text).toBe('GET /invoices');
    step = historyDown(step.nav, entries, step.text)!;
    step = historyDown(step.nav, entries, step.text)!;
    expect(step).toEqual({ nav: START_NAV, text: 'GET /dra' });
    expect(historyDown(step.nav, entries, step.text)).toBeNull();
  });

  it('does nothing without history', () => {
    expect(historyUp(START_NAV, [], 'x')).toBeNull();
    expect(historyDown(START_NAV, [], 'x')).toBeNull();
  });

  it('copes with history cleared while navigating', () => {
    const step = historyUp(START_NAV, entries, '')!;
    expect(historyUp(step.nav, [], step.text)).toBeNull();
    expect(historyDown(step.nav, [], step.text)).toEqual({ nav: START_NAV, text: '' });
  });
});
