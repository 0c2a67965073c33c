/**
 * A sent request as a copy-pasteable curl command for any POSIX shell (sh, dash, bash, zsh).
 *
 *   toCurl(request: CurlRequest, options?: CurlOptions): string
 *     `curl -X METHOD 'URL'`, then every header as `-H 'Name: value'`, then the body as
 *     `--data-raw '…'` (a JSON Content-Type is added when the request named none, since curl
 *     would otherwise send form encoding). Lines end in ` \` (options.multiline, default true).
 *     `--globoff` is added when the URL holds `[ ] { }`, which curl would read as glob ranges.
 *     Credentials are never written: each header named in `credentialHeaders` gets its value
 *     from an environment variable in double quotes — `-H "X-API-Key: $DEVSHELL_API_KEY"`,
 *     `-H "Authorization: Bearer $DEVSHELL_API_KEY"` — and `options.secret`, if given, is
 *     replaced by the variable wherever else it appears (URL, other headers, body); any other
 *     `sk_live_…`/`sk_test_…` key typed into a header or the URL is replaced the same way.
 *   shellQuote(text: string): string
 *     One single-quoted word: `it's` → `'it'\''s'`. Nothing inside is special to the shell.
 *   credentialVariable(scheme, headerName): string
 *     `DEVSHELL_API_KEY` for the key ('plain' / 'bearer'); for host-provided headers
 *     (scheme 'host': a portal's session token, not the key) `DEVSHELL_<HEADER_NAME>`, e.g.
 *     `DEVSHELL_AUTHORIZATION`.
 *
 *   CurlRequest = { method, url, headers: [name, value][], body: string | null,
 *                   credentialHeaders?: string[], credentialScheme?: 'plain' | 'bearer' | 'host' }
 *   (commands/context.ts's SentRequest fits it as is.)
 *
 * The output holds the request's own text verbatim; a terminal shows it through sanitize().
 */

export interface CurlRequest {
  method: string;
  url: string;
  headers: ReadonlyArray<readonly [string, string]>;
  body: string | null;
  credentialHeaders?: readonly string[];
  credentialScheme?: 'plain' | 'bearer' | 'host';
}

export interface CurlOptions {
  multiline?: boolean;
  /** The key itself, so that it is replaced wherever it appears (never printed). */
  secret?: string | null;
}

export const KEY_VARIABLE = 'DEVSHELL_API_KEY';

type Part = { text: string } | { variable: string };

export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function credentialVariable(scheme: CurlRequest['credentialScheme'], headerName: string): string {
  if (scheme !== 'host') return KEY_VARIABLE;
  return `DEVSHELL_${headerName.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '')}`;
}

/** One shell word from literal text and variable references: '…'"$VAR"'…' glued together. */
function word(parts: readonly Part[]): string {
  const merged: Part[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if ('text' in part && last && 'text' in last) merged[merged.length - 1] = { text: last.text + part.text };
    else if (!('text' in part && part.text === '')) merged.push(part);
  }
  if (merged.length === 0) return "''";
  return merged.map((p) => ('text' in p ? shellQuote(p.text) : `"$${p.variable}"`)).join('');
}

// A key typed by hand into a header or the URL is not printed either.
const KEY_TOKEN = String.raw`\b[sr]k_(?:live|test)_[A-Za-z0-9_-]+`;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Text as literal parts around every occurrence of the secret (and, with `anyKey`, of any sk_ key). */
function redacted(text: string, secret: string | null | undefined, anyKey = false): Part[] {
  const alternatives = [...(secret ? [escapeRegExp(secret)] : []), ...(anyKey ? [KEY_TOKEN] : [])];
  if (alternatives.length === 0) return [{ text }];
  const parts: Part[] = [];
  let at = 0;
  for (const match of text.matchAll(new RegExp(alternatives.join('|'), 'g'))) {
    parts.push({ text: text.slice(at, match.index) }, { variable: KEY_VARIABLE });
    at = match.index + match[0].length;
  }
  parts.push({ text: text.slice(at) });
  return parts;
}

/** `"Authorization: Bearer $DEVSHELL_API_KEY"` — a header word with the variable inside one pair of double quotes. */
function credentialHeaderWord(name: string, scheme: CurlRequest['credentialScheme']): string {
  const variable = credentialVariable(scheme, name);
  const prefix = scheme === 'bearer' ? 'Bearer ' : '';
  // Header names are tokens (no quotes, `$`, backslashes or backticks), so double quotes are safe here.
  // `!` stays out: interactive bash expands history inside double quotes.
  return /^[#%&'*+.^_|~0-9A-Za-z-]+$/.test(name) ? `"${name}: ${prefix}$${variable}"` : word([{ text: `${name}: ${prefix}` }, { variable }]);
}

export function toCurl(request: CurlRequest, options: CurlOptions = {}): string {
  const credentials = new Set((request.credentialHeaders ?? []).map((n) => n.toLowerCase()));
  const secret = options.secret || null;
  const args: string[] = [`curl -X ${word([{ text: request.method.toUpperCase() }])} ${word(redacted(request.url, secret, true))}`];
  if (/[[\]{}]/.test(request.url)) args[0] += ' --globoff';
  const written = new Set<string>();
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    if (credentials.has(lower)) {
      if (!written.has(lower)) args.push(`-H ${credentialHeaderWord(name, request.credentialScheme)}`);
    } else {
      args.push(`-H ${word(redacted(`${name}: ${value}`, secret, true))}`);
    }
    written.add(lower);
  }
  for (const name of request.credentialHeaders ?? []) {
    if (!written.has(name.toLowerCase())) args.push(`-H ${credentialHeaderWord(name, request.credentialScheme)}`);
    written.add(name.toLowerCase());
  }
  if (request.body !== null) {
    if (!written.has('content-type')) args.push(`-H ${shellQuote('Content-Type: application/json')}`);
    args.push(`--data-raw ${word(redacted(request.body, secret))}`);
  }
  return args.join(options.multiline === false ? ' ' : ' \\\n  ');
}
