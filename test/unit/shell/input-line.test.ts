import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  charWidth,
  colourInput,
  colourInputWithHighlight,
  cursorMoves,
  fitToWidth,
  layoutInput,
  renderInputFrame,
  stringWidth,
} from '../../../shell/render/input-line.js';
import { stripAnsi } from '../../../shell/render/ansi.js';

describe('colourInput', () => {
  it('colours a complete method word by method, in any case', () => {
    expect(colourInput('GET /invoices')).toBe('\x1b[32mGET\x1b[39m /invoices');
    expect(colourInput('post /contacts {"a":1}')).toBe('\x1b[34mpost\x1b[39m /contacts {"a":1}');
    expect(colourInput('Patch')).toBe('\x1b[33mPatch\x1b[39m');
    expect(colourInput('PUT /x')).toBe('\x1b[33mPUT\x1b[39m /x');
    expect(colourInput('delete /x')).toBe('\x1b[31mdelete\x1b[39m /x');
  });

  it('keeps leading spaces and colours the first word after them', () => {
    expect(colourInput('  GET /x')).toBe('  \x1b[32mGET\x1b[39m /x');
  });

  it('leaves partial, longer and unknown words plain', () => {
    for (const text of ['', ' ', 'GE', 'G', 'GETX /x', 'routes', 'HEAD /x', 'POSTS', '/GET', 'env set x']) {
      expect(colourInput(text), text).toBe(text);
    }
  });

  it('only colours the first word', () => {
    expect(colourInput('GET /x GET')).toBe('\x1b[32mGET\x1b[39m /x GET');
  });

  it('never changes the visible text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(stripAnsi(colourInput(text))).toBe(text);
      }),
    );
  });
});

describe('widths (xterm Unicode 6)', () => {
  it('counts ASCII 1, wide East Asian 2, combining marks and controls 0', () => {
    expect(charWidth(0x41)).toBe(1);
    expect(charWidth(0x65e5)).toBe(2); // 日
    expect(charWidth(0xac00)).toBe(2); // 가
    expect(charWidth(0xff21)).toBe(2); // fullwidth A
    expect(charWidth(0x0301)).toBe(0); // combining acute
    expect(charWidth(0x200b)).toBe(0); // zero-width space
    expect(charWidth(0x1b)).toBe(0);
    expect(charWidth(0x9b)).toBe(0);
    expect(charWidth(0x303f)).toBe(1);
    expect(charWidth(0x20000)).toBe(2);
    expect(charWidth(0xe0100)).toBe(0);
  });

  it('counts emoji as 1 column, as xterm 6 does by default', () => {
    expect(stringWidth('😀')).toBe(1);
  });

  it('sums a string', () => {
    expect(stringWidth('ae\u0301日本')).toBe(6);
  });

  it('fits text to a width without splitting a wide char or a base+mark pair', () => {
    expect(fitToWidth('abcdef', 3)).toBe('abc');
    expect(fitToWidth('ab日本', 3)).toBe('ab');
    expect(fitToWidth('ab日本', 4)).toBe('ab日');
    expect(fitToWidth('abe\u0301f', 3)).toBe('abe\u0301');
    expect(fitToWidth('ab', 0)).toBe('');
    expect(fitToWidth('ab', 10)).toBe('ab');
  });
});

describe('layoutInput', () => {
  it('places the cursor after the prompt on one row', () => {
    expect(layoutInput({ promptWidth: 2, text: 'GET /x', cursor: 3, columns: 80 })).toEqual({
      rows: 1,
      cursorRow: 0,
      cursorCol: 5,
      endRow: 0,
      endCol: 8,
      endsAtEdge: false,
    });
  });

  it('wraps long input onto following rows', () => {
    const layout = layoutInput({ promptWidth: 2, text: 'abcdefghijk', cursor: 9, columns: 10 });
    expect(layout).toMatchObject({ rows: 2, cursorRow: 1, cursorCol: 1, endRow: 1, endCol: 3, endsAtEdge: false });
  });

  it('adds an empty row when the text ends exactly at the right edge (pending wrap)', () => {
    const layout = layoutInput({ promptWidth: 2, text: 'abcdefgh', cursor: 8, columns: 10 });
    expect(layout).toEqual({ rows: 2, cursorRow: 1, cursorCol: 0, endRow: 1, endCol: 0, endsAtEdge: true });
    const mid = layoutInput({ promptWidth: 2, text: 'abcdefgh', cursor: 7, columns: 10 });
    expect(mid).toMatchObject({ rows: 2, cursorRow: 0, cursorCol: 9, endRow: 1, endCol: 0 });
  });

  it('treats a prompt that fills the row as pending wrap too', () => {
    expect(layoutInput({ promptWidth: 10, text: '', cursor: 0, columns: 10 })).toMatchObject({ rows: 2, cursorRow: 1, cursorCol: 0, endsAtEdge: true });
    expect(layoutInput({ promptWidth: 0, text: '', cursor: 0, columns: 10 })).toMatchObject({ rows: 1, cursorRow: 0, cursorCol: 0, endsAtEdge: false });
  });

  it('moves a wide character that does not fit in the last column to the next row', () => {
    // prompt 2 + 7 narrow = column 9: 日 needs two cells, so it starts row 1 and column 9 stays empty.
    const text = 'abcdefg日x';
    expect(layoutInput({ promptWidth: 2, text, cursor: 7, columns: 10 })).toMatchObject({ cursorRow: 1, cursorCol: 0 });
    expect(layoutInput({ promptWidth: 2, text, cursor: text.length, columns: 10 })).toMatchObject({ rows: 2, endRow: 1, endCol: 3 });
  });

  it('counts combining marks as zero and astral characters by code point', () => {
    expect(layoutInput({ promptWidth: 0, text: 'e\u0301x', cursor: 2, columns: 80 })).toMatchObject({ cursorCol: 1, endCol: 2 });
    expect(layoutInput({ promptWidth: 0, text: '😀x', cursor: 2, columns: 80 })).toMatchObject({ cursorCol: 1, endCol: 2 });
    // A cursor inside a surrogate pair sits on that character.
    expect(layoutInput({ promptWidth: 0, text: '😀x', cursor: 1, columns: 80 })).toMatchObject({ cursorCol: 0 });
  });

  it('agrees with plain arithmetic for narrow text, for any width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.string({ unit: fc.constantFrom('a', 'b', ' ', '/', '{') }), fc.integer({ min: 2, max: 40 }), fc.nat(), (pw, text, columns, c) => {
        const cursor = c % (text.length + 1);
        const layout = layoutInput({ promptWidth: pw, text, cursor, columns });
        const total = pw + text.length;
        const at = pw + cursor;
        expect(layout.rows).toBe(Math.floor(total / columns) + 1);
        expect(layout.endsAtEdge).toBe(total > 0 && total % columns === 0);
        expect([layout.endRow, layout.endCol]).toEqual([Math.floor(total / columns), total % columns]);
        expect([layout.cursorRow, layout.cursorCol]).toEqual([Math.floor(at / columns), at % columns]);
      }),
      { numRuns: 500 },
    );
  });

  it('never puts the cursor past the last column or below the last row', () => {
    const unit = fc.constantFrom('a', '日', 'e\u0301', '😀', '가', ' ');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), fc.integer({ min: 2, max: 15 }), fc.integer({ min: 0, max: 20 }), fc.nat(), (parts, columns, pw, c) => {
        const text = parts.join('');
        const cursor = c % (text.length + 1);
        const l = layoutInput({ promptWidth: pw, text, cursor, columns });
        expect(l.cursorCol).toBeLessThan(columns);
        expect(l.endCol).toBeLessThan(columns);
        expect(l.cursorRow).toBeLessThanOrEqual(l.endRow);
        expect(l.rows).toBe(l.endRow + 1);
      }),
      { numRuns: 500 },
    );
  });
});

describe('cursorMoves', () => {
  it('goes up from the end row and to the cursor column', () => {
    expect(cursorMoves({ endRow: 2, cursorRow: 0, cursorCol: 4 })).toBe('\x1b[2A\x1b[5G');
    expect(cursorMoves({ endRow: 0, cursorRow: 0, cursorCol: 0 })).toBe('\x1b[1G');
    expect(cursorMoves({ endRow: 0, cursorRow: 0, cursorCol: 7 }, 7)).toBe('');
  });
});

describe('renderInputFrame', () => {
  const base = { prompt: '\x1b[90m> \x1b[39m', promptWidth: 2, columns: 20 };

  it('repaints from the anchor inside synchronized output with the cursor hidden', () => {
    const { output } = renderInputFrame({ ...base, text: 'GET /x', cursor: 6, fromRow: 1 });
    expect(output.startsWith('\x1b[?2026h\x1b[?25l\x1b[1A\r\x1b[J')).toBe(true);
    expect(output.endsWith('\x1b[?25h\x1b[?2026l')).toBe(true);
    expect(output).toContain('\x1b[32mGET\x1b[39m /x');
  });

  it('draws the ghost dim after the text and moves the cursor back to the end', () => {
    const frame = renderInputFrame({ ...base, text: 'GET /in', cursor: 7, ghost: 'voices' });
    expect(frame.ghostShown).toBe('voices');
    expect(frame.output).toContain('\x1b[2mvoices\x1b[22m\x1b[10G');
  });

  it('cuts the ghost to the room left on the row so it never wraps', () => {
    const frame = renderInputFrame({ ...base, text: 'GET /invoices', cursor: 13, ghost: '/inv_29/finalise' });
    expect(frame.ghostShown).toBe('/inv_');
    expect(frame.layout.endCol + stringWidth(frame.ghostShown)).toBeLessThanOrEqual(20);
  });

  it('draws no ghost when the cursor is not at the end', () => {
    const frame = renderInputFrame({ ...base, text: 'GET /in', cursor: 3, ghost: 'voices' });
    expect(frame.ghostShown).toBe('');
    expect(frame.output).not.toContain('voices');
    expect(frame.output).toContain('\x1b[6G');
  });

  it('strips controls from the ghost', () => {
    const frame = renderInputFrame({ ...base, text: 'G', cursor: 1, ghost: 'ET\x1b[2J' });
    expect(frame.ghostShown).toBe('ET[2J');
  });

  it('nudges onto a fresh row when the text ends at the right edge', () => {
    const frame = renderInputFrame({ ...base, text: 'x'.repeat(18), cursor: 18 });
    expect(frame.layout.endsAtEdge).toBe(true);
    expect(frame.output).toContain(`${'x'.repeat(18)}\r\n`);
  });
});

describe('colourInputWithHighlight', () => {
  it('draws the range in inverse video after the coloured method word', () => {
    const text = 'GET /invoices/{id}';
    expect(colourInputWithHighlight(text, { start: 14, end: 18 })).toBe('\x1b[32mGET\x1b[39m /invoices/\x1b[7m{id}\x1b[27m');
    expect(stripAnsi(colourInputWithHighlight(text, { start: 14, end: 18 }))).toBe(text);
  });

  it('is colourInput without a (non-empty) range, and clamps ranges to the text', () => {
    expect(colourInputWithHighlight('GET /x', null)).toBe(colourInput('GET /x'));
    expect(colourInputWithHighlight('GET /x', { start: 3, end: 3 })).toBe(colourInput('GET /x'));
    expect(stripAnsi(colourInputWithHighlight('GET /x', { start: 4, end: 99 }))).toBe('GET /x');
  });

  it('a range over the method word (a search match) is inverse, uncoloured', () => {
    expect(colourInputWithHighlight('GET /x', { start: 0, end: 3 })).toBe('\x1b[7mGET\x1b[27m /x');
  });

  it('renderInputFrame draws the highlight without changing the layout', () => {
    const base = { prompt: '❯ ', promptWidth: 2, text: 'GET /invoices/{id}', cursor: 14, columns: 80 };
    const plain = renderInputFrame(base);
    const marked = renderInputFrame({ ...base, highlight: { start: 14, end: 18 } });
    expect(marked.layout).toEqual(plain.layout);
    expect(marked.output).toContain('\x1b[7m{id}\x1b[27m');
  });
});
