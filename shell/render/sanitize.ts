/**
 * Neutralises untrusted text (response bodies, header values, anything the API sent) before it
 * reaches xterm.
 *
 *   sanitize(text: string): string
 *     Every C0 control except `\n` and `\t`, DEL (0x7f) and every C1 (U+0080–U+009F) becomes
 *     visible text: `\u001b`, `\u009b`, `\u007f`; a lone `\r` becomes `\r`. A `\r\n` pair is
 *     normalised to `\n` (HTTP text bodies use it, and it cannot overwrite anything).
 *   sanitizeLine(text: string): string
 *     Like sanitize, but `\n` and `\t` become visible too: for one-line places (a status text,
 *     a header value, a message) where a newline would break the layout or fake a prompt.
 *   stripControls(text: string): string
 *     Drops every control character (C0 incl. `\n`/`\t`, DEL, C1): for text that is about to
 *     become part of the editable input line, where visible escapes would change what is sent.
 *   hasControl(text: string): boolean
 *     True when text contains any character that sanitize would have to neutralise.
 *
 * Why all of C1 and not only ESC: JSON.stringify escapes U+0000–001F but leaves U+0080–009F
 * raw, and xterm treats U+009B as CSI, U+009D as OSC, U+0090 as DCS. Queries (CSI 6n, CSI c,
 * OSC 10/11 `?`) would make xterm answer through onData as if the user had typed it; OSC 52
 * would write the clipboard. With every introducer made visible no sequence can start.
 */

// C0 except \t (0x09) and \n (0x0a), DEL, C1.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f]/g;
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const UNSAFE_TEST = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function visible(char: string): string {
  switch (char) {
    case '\r':
      return '\\r';
    case '\n':
      return '\\n';
    case '\t':
      return '\\t';
    default:
      return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
}

export function sanitize(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(UNSAFE, visible);
}

export function sanitizeLine(text: string): string {
  return text.replace(UNSAFE_IN_LINE, visible);
}

export function stripControls(text: string): string {
  return text.replace(ANY_CONTROL, '');
}

export function hasControl(text: string): boolean {
  return UNSAFE_TEST.test(text);
}
