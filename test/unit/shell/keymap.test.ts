import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeKeys, isEditAction, joinPastedLines, KeyDecoder, type KeyAction } from '../../../shell/editor/keymap.js';
import { applyEdit, EMPTY_LINE } from '../../../shell/editor/model.js';

const types = (data: string) => decodeKeys(data).map((a) => a.type);
const one = (data: string) => {
  const actions = decodeKeys(data);
  expect(actions, JSON.stringify(data)).toHaveLength(1);
  return actions[0]!;
};

describe('keymap', () => {
  it('turns printable text into one insertion, unicode included', () => {
    expect(decodeKeys('GET /invoices')).toEqual([{ type: 'insert', text: 'GET /invoices' }]);
    expect(decodeKeys('日本😀é')).toEqual([{ type: 'insert', text: '日本😀é' }]);
  });

  it('maps Enter, Backspace, Delete and Tab', () => {
    expect(one('\r')).toEqual({ type: 'enter' });
    expect(one('\x7f')).toEqual({ type: 'backspace' });
    expect(one('\b')).toEqual({ type: 'backspace' });
    expect(one('\x1b[3~')).toEqual({ type: 'delete' });
    expect(one('\t')).toEqual({ type: 'tab' });
  });

  it('maps arrows in normal and application cursor mode', () => {
    for (const [data, type] of [
      ['\x1b[A', 'up'],
      ['\x1b[B', 'down'],
      ['\x1b[C', 'right'],
      ['\x1b[D', 'left'],
      ['\x1bOA', 'up'],
      ['\x1bOB', 'down'],
      ['\x1bOC', 'right'],
      ['\x1bOD', 'left'],
    ] as const) {
      expect(one(data).type, JSON.stringify(data)).toBe(type);
    }
  });

  it('maps every Home and End form', () => {
    for (const data of ['\x1b[H', '\x1b[1~', '\x1b[7~', '\x1bOH', '\x01']) expect(one(data).type, JSON.stringify(data)).toBe('home');
    for (const data of ['\x1b[F', '\x1b[4~', '\x1b[8~', '\x1bOF', '\x05']) expect(one(data).type, JSON.stringify(data)).toBe('end');
  });

  it('maps the Ctrl keys', () => {
    expect(one('\x15').type).toBe('killToStart');
    expect(one('\x0b').type).toBe('killToEnd');
    expect(one('\x17').type).toBe('deleteWordBack');
    expect(one('\x0c').type).toBe('clear');
    expect(one('\x03').type).toBe('cancel');
    expect(one('\x04').type).toBe('delete');
    expect(one('\x02').type).toBe('left');
    expect(one('\x06').type).toBe('right');
    expect(one('\x10').type).toBe('up');
    expect(one('\x0e').type).toBe('down');
  });

  it('maps Ctrl+R to the history search and Ctrl+G to abort, neither an edit', () => {
    expect(decodeKeys('\x12')).toEqual([{ type: 'search' }]);
    expect(decodeKeys('\x07')).toEqual([{ type: 'abort' }]);
    expect(isEditAction({ type: 'search' })).toBe(false);
    expect(isEditAction({ type: 'abort' })).toBe(false);
  });

  it('maps Alt and Ctrl word keys', () => {
    expect(one('\x1b[1;3D').type).toBe('wordLeft');
    expect(one('\x1b[1;3C').type).toBe('wordRight');
    expect(one('\x1b[1;5D').type).toBe('wordLeft');
    expect(one('\x1b[1;5C').type).toBe('wordRight');
    expect(one('\x1bb').type).toBe('wordLeft');
    expect(one('\x1bf').type).toBe('wordRight');
    expect(one('\x1b\x7f').type).toBe('deleteWordBack');
    expect(one('\x1bd').type).toBe('deleteWordForward');
    expect(one('\x1b[1;2D').type).toBe('left');
    expect(one('\x1b[1;3A').type).toBe('up');
  });

  it('ignores a bare line feed (Ctrl+J, the panel hotkey) rather than submitting', () => {
    expect(decodeKeys('\n')).toEqual([]);
  });

  it('swallows unknown sequences and controls instead of inserting them', () => {
    expect(decodeKeys('\x1b[15~\x1b[Z\x1bx\x00\x1c\x9b')).toEqual([]);
    expect(decodeKeys('a\x1b[99;99Xb')).toEqual([{ type: 'insert', text: 'ab' }]);
  });

  it('reports a lone ESC as the Escape key', () => {
    expect(decodeKeys('\x1b')).toEqual([{ type: 'escape' }]);
  });

  it('decodes several keys in one chunk', () => {
    expect(types('\x1b[D\x1b[Dab\x7f\r')).toEqual(['left', 'left', 'insert', 'backspace', 'enter']);
    expect(types('x\x1bOA\x1b[1;3C\x01\x0b')).toEqual(['insert', 'up', 'wordRight', 'home', 'killToEnd']);
  });

  it('keeps an escape sequence split across chunks for the next chunk', () => {
    const decoder = new KeyDecoder();
    expect(decoder.feed('a\x1b[')).toEqual([{ type: 'insert', text: 'a' }]);
    expect(decoder.feed('D')).toEqual([{ type: 'left' }]);
    expect(decoder.feed('\x1b[1;')).toEqual([]);
    expect(decoder.feed('3C')).toEqual([{ type: 'wordRight' }]);
    expect(decoder.feed('\x1bO')).toEqual([]);
    expect(decoder.feed('H')).toEqual([{ type: 'home' }]);
  });
});

describe('bracketed paste', () => {
  it('is one insertion, even with Enter-like characters inside', () => {
    expect(decodeKeys('\x1b[200~GET /invoices\r\x1b[201~')).toEqual([{ type: 'insert', text: 'GET /invoices', paste: true }]);
  });

  it('joins a pasted multi-line JSON body into the line, never submitting', () => {
    const body = '{\r  "name": "Acme",\r  "tags": ["a", "b"]\r}\r';
    const actions = decodeKeys(`\x1b[200~${body}\x1b[201~`);
    expect(actions).toEqual([{ type: 'insert', text: '{ "name": "Acme", "tags": ["a", "b"] }', paste: true }]);
    expect(actions.some((a) => a.type === 'enter')).toBe(false);
    expect(JSON.parse((actions[0] as { text: string }).text)).toEqual({ name: 'Acme', tags: ['a', 'b'] });
  });

  it('treats escape sequences inside a paste as text, with controls removed', () => {
    expect(decodeKeys('\x1b[200~a\x1b[Db\x03c\x1b[201~')).toEqual([{ type: 'insert', text: 'a[Dbc', paste: true }]);
  });

  it('survives a paste split across chunks, even inside the end marker', () => {
    const decoder = new KeyDecoder();
    expect(decoder.feed('POST /c \x1b[200~{"a":')).toEqual([{ type: 'insert', text: 'POST /c ' }]);
    expect(decoder.feed('\n1}\x1b[20')).toEqual([]);
    expect(decoder.feed('1~\r')).toEqual([{ type: 'insert', text: '{"a": 1}', paste: true }, { type: 'enter' }]);
  });

  it('keeps text around a paste as separate keys', () => {
    expect(types('x\x1b[200~y\x1b[201~z')).toEqual(['insert', 'insert', 'insert']);
  });

  it('keeps inner spacing and drops only the line breaks at the ends', () => {
    expect(joinPastedLines('  /invoices')).toBe('  /invoices');
    expect(joinPastedLines('\n\n  GET /x  \n')).toBe('GET /x');
    expect(joinPastedLines('a\r\n\r\nb\tc')).toBe('a b c');
  });
});

describe('decoder and model together', () => {
  it('never lets a control character into the line, whatever arrives', () => {
    const chunk = fc
      .array(
        fc.oneof(
          fc.constantFrom('\x1b[A', '\x1b[D', '\x1b[200~', '\x1b[201~', '\x1b', '\r', '\n', '\x7f', '\x17', '\x1b[1;3C', '\x9b', '\x1bO'),
          fc.string({ maxLength: 4 }),
          fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)),
        ),
        { maxLength: 12 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 6 }), (chunks) => {
        const decoder = new KeyDecoder();
        let state = EMPTY_LINE;
        for (const data of chunks) {
          for (const action of decoder.feed(data) as KeyAction[]) if (isEditAction(action)) state = applyEdit(state, action);
        }
        expect(state.text).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      }),
      { numRuns: 500 },
    );
  });

  it('classifies edit actions, pastes included', () => {
    expect(isEditAction({ type: 'insert', text: 'x', paste: true })).toBe(true);
    expect(isEditAction({ type: 'killToEnd' })).toBe(true);
    expect(isEditAction({ type: 'enter' })).toBe(false);
    expect(isEditAction({ type: 'tab' })).toBe(false);
  });
});
