/**
 * The filter language's parser (filter.ts documents the language). Internal.
 *
 *   parseFilter(text: string, base = 0): { ok: true, node: FilterNode } | { ok: false, error: FilterError }
 *     `base` is where `text` starts in the typed line: error offsets and columns count from
 *     the line, so a caret can point at the character. Messages look like
 *     `Filter error at column 17: expected a key or [ after "."`.
 *
 * Precedence, loosest first (as in jq): `|`, `,`, `or`, `and`, comparisons (not chained),
 * then paths. `.a, .b | .c` is `(.a, .b) | .c`.
 */

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type FilterNode =
  | { k: 'identity' }
  | { k: 'literal'; value: null | boolean | number | string }
  | { k: 'field'; target: FilterNode; key: string; at: number }
  | { k: 'index'; target: FilterNode; index: number; at: number }
  | { k: 'iterate'; target: FilterNode; at: number }
  | { k: 'pipe'; left: FilterNode; right: FilterNode }
  | { k: 'comma'; left: FilterNode; right: FilterNode }
  | { k: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { k: 'compare'; op: CompareOp; left: FilterNode; right: FilterNode; at: number }
  | { k: 'keys' | 'length'; at: number }
  | { k: 'not' }
  | { k: 'select'; condition: FilterNode };

export interface FilterError {
  message: string;
  offset: number;
}

type Token =
  | { t: 'punct'; v: '.' | '[' | ']' | '(' | ')' | '|' | ',' ; at: number; end: number }
  | { t: 'op'; v: CompareOp; at: number; end: number }
  | { t: 'ident'; v: string; at: number; end: number }
  | { t: 'string'; v: string; at: number; end: number }
  | { t: 'number'; v: number; at: number; end: number }
  | { t: 'end'; at: number; end: number };

class Fail {
  constructor(
    readonly at: number,
    readonly message: string,
  ) {}
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const ch = text[pos]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      pos += 1;
      continue;
    }
    const two = text.slice(pos, pos + 2);
    if (two === '==' || two === '!=' || two === '<=' || two === '>=') {
      tokens.push({ t: 'op', v: two, at: pos, end: pos + 2 });
      pos += 2;
      continue;
    }
    if (ch === '<' || ch === '>') {
      tokens.push({ t: 'op', v: ch, at: pos, end: pos + 1 });
      pos += 1;
      continue;
    }
    if (ch === '=') throw new Fail(pos, 'use == to compare');
    if ('.[]()|,'.includes(ch)) {
      tokens.push({ t: 'punct', v: ch as '.', at: pos, end: pos + 1 });
      pos += 1;
      continue;
    }
    if (ch === '"') {
      STRING.lastIndex = pos;
      const match = STRING.exec(text);
      if (!match) throw new Fail(pos, 'unterminated or invalid string (strings are JSON strings in double quotes)');
      tokens.push({ t: 'string', v: JSON.parse(match[0]) as string, at: pos, end: pos + match[0].length });
      pos += match[0].length;
      continue;
    }
    NUMBER.lastIndex = pos;
    const number = NUMBER.exec(text);
    if (number && number[0] !== '-') {
      tokens.push({ t: 'number', v: Number(number[0]), at: pos, end: pos + number[0].length });
      pos += number[0].length;
      continue;
    }
    IDENT.lastIndex = pos;
    const ident = IDENT.exec(text);
    if (ident) {
      tokens.push({ t: 'ident', v: ident[0], at: pos, end: pos + ident[0].length });
      pos += ident[0].length;
      continue;
    }
    throw new Fail(pos, ch === "'" ? 'strings need double quotes' : `unexpected character ${JSON.stringify(ch)}`);
  }
  tokens.push({ t: 'end', at: text.length, end: text.length });
  return tokens;
}

const BUILTINS = 'keys, length, select(…), not';

class Parser {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  private get next(): Token {
    return this.tokens[this.i]!;
  }

  private is(t: Token['t'], v?: string): boolean {
    const token = this.next;
    return token.t === t && (v === undefined || ('v' in token && token.v === v));
  }

  private take(): Token {
    const token = this.next;
    if (token.t !== 'end') this.i += 1;
    return token;
  }

  private expect(v: string, what: string): Token {
    if (!this.is('punct', v)) throw new Fail(this.next.at, `expected ${what}`);
    return this.take();
  }

  parseAll(): FilterNode {
    if (this.is('end')) throw new Fail(0, 'the filter is empty: write one after |, e.g. .data[].id');
    const node = this.pipe();
    if (!this.is('end')) {
      const token = this.next;
      throw new Fail(token.at, token.t === 'punct' && token.v === ')' ? 'unmatched )' : 'expected |, , or the end of the filter');
    }
    return node;
  }

  private pipe(): FilterNode {
    let left = this.comma();
    while (this.is('punct', '|')) {
      this.take();
      left = { k: 'pipe', left, right: this.comma() };
    }
    return left;
  }

  private comma(): FilterNode {
    let left = this.or();
    while (this.is('punct', ',')) {
      this.take();
      left = { k: 'comma', left, right: this.or() };
    }
    return left;
  }

  private or(): FilterNode {
    let left = this.and();
    while (this.is('ident', 'or')) {
      this.take();
      left = { k: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): FilterNode {
    let left = this.compare();
    while (this.is('ident', 'and')) {
      this.take();
      left = { k: 'and', left, right: this.compare() };
    }
    return left;
  }

  private compare(): FilterNode {
    const left = this.postfix();
    if (!this.is('op')) return left;
    const op = this.take() as Extract<Token, { t: 'op' }>;
    const right = this.postfix();
    if (this.is('op')) throw new Fail(this.next.at, 'comparisons cannot be chained: use and');
    return { k: 'compare', op: op.v, left, right, at: op.at };
  }

  private postfix(): FilterNode {
    let node = this.primary();
    for (;;) {
      if (this.is('punct', '[')) {
        node = this.bracket(node);
      } else if (this.is('punct', '.') && this.tokens[this.i - 1]!.end === this.next.at) {
        // A `.` right after a term can only continue the path: `.a.` is a mistake.
        if (!this.adjacentAfterDot()) throw new Fail(this.next.end, 'expected a key or [ after "."');
        const dot = this.take();
        if (this.is('punct', '[')) node = this.bracket(node);
        else node = this.fieldAfterDot(node, dot.at);
      } else {
        return node;
      }
    }
  }

  /** A `.` that continues a path (`.a.b`), not a lone `.` after a complete term. */
  private adjacentAfterDot(): boolean {
    const after = this.tokens[this.i + 1]!;
    return after.at === this.next.end && (after.t === 'ident' || after.t === 'string' || (after.t === 'punct' && after.v === '['));
  }

  private fieldAfterDot(target: FilterNode, at: number): FilterNode {
    const token = this.next;
    if ((token.t === 'ident' || token.t === 'string') && token.at === at + 1) {
      this.take();
      return { k: 'field', target, key: token.v, at };
    }
    throw new Fail(at + 1, 'expected a key or [ after "."');
  }

  private bracket(target: FilterNode): FilterNode {
    const open = this.take();
    if (this.is('punct', ']')) {
      this.take();
      return { k: 'iterate', target, at: open.at };
    }
    const inner = this.take();
    let node: FilterNode;
    if (inner.t === 'number') {
      if (!Number.isInteger(inner.v)) throw new Fail(inner.at, 'an index must be a whole number');
      node = { k: 'index', target, index: inner.v, at: open.at };
    } else if (inner.t === 'string') {
      node = { k: 'field', target, key: inner.v, at: open.at };
    } else {
      throw new Fail(inner.at, 'expected ], a number or a "key" inside [ ]');
    }
    this.expect(']', ']');
    return node;
  }

  private primary(): FilterNode {
    const token = this.next;
    if (token.t === 'punct' && token.v === '.') {
      this.take();
      const after = this.next;
      if (after.at === token.end && (after.t === 'ident' || after.t === 'string')) return this.fieldAfterDot({ k: 'identity' }, token.at);
      return { k: 'identity' };
    }
    if (token.t === 'punct' && token.v === '(') {
      this.take();
      const inner = this.pipe();
      this.expect(')', 'a closing )');
      return inner;
    }
    if (token.t === 'string' || token.t === 'number') {
      this.take();
      return { k: 'literal', value: token.v };
    }
    if (token.t === 'ident') {
      this.take();
      switch (token.v) {
        case 'true':
        case 'false':
          return { k: 'literal', value: token.v === 'true' };
        case 'null':
          return { k: 'literal', value: null };
        case 'keys':
        case 'length':
          return { k: token.v, at: token.at };
        case 'not':
          return { k: 'not' };
        case 'select': {
          this.expect('(', 'select(condition), e.g. select(.status == "paid")');
          const condition = this.pipe();
          this.expect(')', 'a closing ) after the select condition');
          return { k: 'select', condition };
        }
        default:
          throw new Fail(token.at, `unknown function ${token.v} (this filter knows ${BUILTINS}; keys are written .${token.v})`);
      }
    }
    if (token.t === 'end') throw new Fail(token.at, 'unexpected end of the filter');
    throw new Fail(token.at, `unexpected ${token.t === 'op' ? token.v : (token as { v: string }).v}`);
  }
}

export function parseFilter(text: string, base = 0): { ok: true; node: FilterNode } | { ok: false; error: FilterError } {
  try {
    return { ok: true, node: new Parser(lex(text)).parseAll() };
  } catch (error) {
    if (error instanceof Fail) return { ok: false, error: { message: `Filter error at column ${base + error.at + 1}: ${error.message}`, offset: base + error.at } };
    throw error;
  }
}
