/**
 * Tiny SGR helpers and the shell's palette. Colours are the 16 ANSI colours, so the element's
 * xterm theme (light or dark, from CSS custom properties) decides the actual shades.
 *
 *   type Colour = 'black' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'white'
 *               | 'gray' | 'brightRed' | … | 'brightWhite'
 *   colour(c: Colour, text): string   text in colour c, foreground reset after (`\x1b[39m`)
 *   bold(text) / dim(text): string    intensity on, then back to normal (`\x1b[22m`)
 *   italic(text) / underline(text): string
 *   style(s: Style, text): string     any combination: { fg?, bold?, dim?, italic?, underline? }
 *   RESET: string                     `\x1b[0m`
 *   stripAnsi(text): string           removes SGR/CSI sequences (tests, width counting)
 *   palette                           the theme: methods, status classes, JSON tokens, UI roles
 *   methodColour(word): Colour | null GET/POST/PUT/PATCH/DELETE (any case) → palette colour
 *   paintMethod(word): string         the word in its method colour, or unchanged
 *
 * Every helper closes only what it opened (39 for colour, 22 for intensity, …) instead of a
 * full reset, so helpers nest: colour('red', bold('x') + ' y') stays red after the bold part.
 */

export type Colour =
  | 'black'
  | 'red'
  | 'green'
  | 'yellow'
  | 'blue'
  | 'magenta'
  | 'cyan'
  | 'white'
  | 'gray'
  | 'brightRed'
  | 'brightGreen'
  | 'brightYellow'
  | 'brightBlue'
  | 'brightMagenta'
  | 'brightCyan'
  | 'brightWhite';

const FG: Record<Colour, number> = {
  black: 30,
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  white: 37,
  gray: 90,
  brightRed: 91,
  brightGreen: 92,
  brightYellow: 93,
  brightBlue: 94,
  brightMagenta: 95,
  brightCyan: 96,
  brightWhite: 97,
};

export interface Style {
  fg?: Colour;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
}

const CSI = '\x1b[';
export const RESET = `${CSI}0m`;

export function colour(c: Colour, text: string): string {
  return `${CSI}${FG[c]}m${text}${CSI}39m`;
}

export function bold(text: string): string {
  return `${CSI}1m${text}${CSI}22m`;
}

export function dim(text: string): string {
  return `${CSI}2m${text}${CSI}22m`;
}

export function italic(text: string): string {
  return `${CSI}3m${text}${CSI}23m`;
}

export function underline(text: string): string {
  return `${CSI}4m${text}${CSI}24m`;
}

export function style(s: Style, text: string): string {
  let out = text;
  if (s.fg) out = colour(s.fg, out);
  if (s.bold) out = bold(out);
  if (s.dim) out = dim(out);
  if (s.italic) out = italic(out);
  if (s.underline) out = underline(out);
  return out;
}

// CSI … final byte, plus the two-byte ESC forms; enough for what these helpers produce.
const ANSI_PATTERN = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '');
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The theme, by role. Amber is the ANSI yellow slot: themes render it amber. */
export const palette = {
  methods: { GET: 'green', POST: 'blue', PUT: 'yellow', PATCH: 'yellow', DELETE: 'red' } satisfies Record<HttpMethod, Colour>,
  status: { info: 'gray', success: 'green', redirect: 'cyan', clientError: 'yellow', serverError: 'red' } satisfies Record<
    string,
    Colour
  >,
  json: {
    key: 'cyan',
    string: 'green',
    number: 'yellow',
    boolean: 'magenta',
    null: 'gray',
  } satisfies Record<string, Colour>,
  ui: { error: 'red', warning: 'yellow', notice: 'gray', id: 'cyan', prompt: 'gray', scope: 'gray' } satisfies Record<string, Colour>,
} as const;

/** The method's colour when word is exactly one of the five methods, in any case. */
export function methodColour(word: string): Colour | null {
  const upper = word.toUpperCase();
  return (HTTP_METHODS as readonly string[]).includes(upper) ? palette.methods[upper as HttpMethod] : null;
}

export function paintMethod(word: string): string {
  const c = methodColour(word);
  return c ? colour(c, word) : word;
}
