import { stringWidth } from './render/width.js';

/**
 * Finding prefixed IDs (`inv_29`, `cont_1`, `cus_NffrFeUfNV2Hib`, `ctm_01h…`) in a line of output.
 *
 *   findIds(line: string, known: KnownPrefixes): FoundId[]
 *     Every ID of a known prefix, left to right:
 *     [{ start, end, id, prefix, startColumn, endColumn }]
 *       start/end            UTF-16 offsets in line (end exclusive)
 *       startColumn/endColumn terminal cells (xterm Unicode 6 widths, end exclusive), so a link
 *                            provider's range is x = startColumn + 1 … endColumn (1-based, inclusive)
 *   createIdFinder(known: KnownPrefixes): (line: string) => FoundId[]
 *     The same with the prefixes compiled once (a link provider calls it for every row).
 *   looksLikeIdBody(body: string): boolean
 *     The no-pattern rule below for the part after `<prefix>_` (spec.ts reuses it on examples).
 *
 *   KnownPrefixes = Iterable<string>                         just the prefixes
 *                 | ReadonlyMap<string, { pattern?: string | RegExp | null } | null | undefined>
 *                   prefix → the ID's pattern when the spec declares one (`^inv_[1-9][0-9]*$`);
 *                   spec.ts's `idRoutes` map fits this shape directly.
 *
 * What counts as an ID (decided here, tested in test/unit/shell/ids.test.ts):
 * - a whole token: a maximal run of letters, digits and `_`. `xinv_29` and `inv_29abc` are one
 *   token each and neither is an ID; `"inv_29"`, `/invoices/inv_29`, `inv_29.` hold one;
 * - the token is `<prefix>_<body>` for a known prefix (case-sensitive; the longest known prefix
 *   wins, so `sub_sched_1Mr…` can be `sub_sched`);
 * - with a pattern, the token must match it entirely;
 * - without one, the body is all digits (`inv_29`) or a random-looking key of 8+ letters and
 *   digits with at least one digit or capital (`cus_NffrFeUfNV2Hib`, `ctm_01h…`), so snake_case
 *   words like `acc_balance` or `key_count` never are;
 * - plain numbers never are (there is no prefix).
 */

export interface FoundId {
  start: number;
  end: number;
  id: string;
  prefix: string;
  startColumn: number;
  endColumn: number;
}

export interface IdPrefixInfo {
  pattern?: string | RegExp | null;
}

export type KnownPrefixes = Iterable<string> | ReadonlyMap<string, IdPrefixInfo | null | undefined>;

const TOKEN = /[\p{L}\p{N}_]+/gu;
const NUMERIC_BODY = /^[0-9]+$/;
const KEY_BODY = /^[A-Za-z0-9]{8,}$/;
const HAS_DIGIT_OR_CAPITAL = /[0-9A-Z]/;

interface CompiledPrefix {
  prefix: string;
  pattern: RegExp | null;
}

function compilePattern(pattern: string | RegExp | null | undefined): RegExp | null {
  if (!pattern) return null;
  if (pattern instanceof RegExp) return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  try {
    // Spec patterns are ECMA-262 regexes; anchor them so "^inv_\d+" cannot match inv_1abc.
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return null;
  }
}

function compile(known: KnownPrefixes): CompiledPrefix[] {
  const list: CompiledPrefix[] = [];
  if (known instanceof Map) {
    for (const [prefix, info] of known as ReadonlyMap<string, IdPrefixInfo | null | undefined>) {
      list.push({ prefix, pattern: compilePattern(info?.pattern) });
    }
  } else {
    for (const prefix of known as Iterable<string>) list.push({ prefix, pattern: null });
  }
  return list.filter((p) => p.prefix.length > 0).sort((a, b) => b.prefix.length - a.prefix.length);
}

/** The generic rule for what follows `<prefix>_` when no pattern is known (see above). */
export function looksLikeIdBody(body: string): boolean {
  return NUMERIC_BODY.test(body) || (KEY_BODY.test(body) && HAS_DIGIT_OR_CAPITAL.test(body));
}

function isId(token: string, { prefix, pattern }: CompiledPrefix): boolean {
  if (!token.startsWith(`${prefix}_`)) return false;
  if (pattern) return pattern.test(token);
  return looksLikeIdBody(token.slice(prefix.length + 1));
}

export function createIdFinder(known: KnownPrefixes): (line: string) => FoundId[] {
  const prefixes = compile(known);
  return (line) => {
    const found: FoundId[] = [];
    if (prefixes.length === 0) return found;
    let column = 0;
    let columnAt = 0;
    for (const match of line.matchAll(TOKEN)) {
      const token = match[0];
      const owner = prefixes.find((p) => isId(token, p));
      if (!owner) continue;
      const start = match.index;
      column += stringWidth(line.slice(columnAt, start));
      columnAt = start;
      const width = stringWidth(token);
      found.push({ start, end: start + token.length, id: token, prefix: owner.prefix, startColumn: column, endColumn: column + width });
    }
    return found;
  };
}

export function findIds(line: string, known: KnownPrefixes): FoundId[] {
  return createIdFinder(known)(line);
}
