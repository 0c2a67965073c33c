/**
 * Secrets hidden by default: in response output, history lines and curl commands.
 *
 *   maskValue(value: string, kind: 'key' | 'password' = 'key'): string
 *     'key': the recognisable prefix, `…` and the last 4 characters, as dashboards show keys
 *     (`sk_test_…a1b2`, `eyJ…Xy12`, `…9f3c`) — the same form as env.ts's maskKey and the API's
 *     `redactedKey`; values under 12 characters show nothing: `••••`.
 *     'password': always `••••••••` (no length, no characters).
 *     A value that is already masked (`…`, `•`, only `*`) is returned as is.
 *   isSecretName(name: string): boolean
 *     A field / parameter / header name whose value is a secret: the name, lower-cased without
 *     `_`/`-`, ends in token, secret, password, passwd, passphrase, apikey, privatekey,
 *     authorization, cookie or credential(s) — `accessToken`, `refresh_token`, `tempToken`,
 *     `clientSecret`, `X-API-Key`, `newPassword` — but not `tokenType`, `apiKeyId`,
 *     `passwordChangedAt`, `redactedKey`, nor pagination cursors (`nextPageToken`, `NextToken`,
 *     `continuationToken`, `syncToken`). Names ending in password/passwd/passphrase get the
 *     'password' kind.
 *   findSecrets(text: string, options?): SecretSpan[]
 *     The secrets in any text (a JSON body as sent, a history line, a curl command, a header
 *     dump), sorted, non-overlapping: { start, end, replacement, rule }. Rules:
 *       'field'  JSON string values of secret names: `"accessToken": "…"` (decoded, masked and
 *                re-encoded, so the JSON stays valid)
 *       'header' `Authorization: Bearer …`, `X-API-Key: …`, `Cookie: …` (also Proxy-Authorization,
 *                X-Auth-Token, Set-Cookie and options.secretHeaders), in -H flags and header
 *                lines; the scheme word stays; `$VARIABLE` values (curl's) are left alone
 *       'query'  URL/form parameters with secret names: `?api_key=…`, `otpauth://…?secret=…`
 *       'token'  token-looking values anywhere: `sk_live_…`/`sk_test_…`/`rk_…` keys, JWTs
 *                (`eyJ….eyJ….…`), `whsec_…`, GitHub (`ghp_…`, `github_pat_…`) and Slack
 *                (`xoxb-…`) tokens
 *       'known'  every occurrence of options.secrets (the current key, host auth header values)
 *   maskText(text: string, options?): string        text with every span replaced
 *   maskJson(value: unknown, options?): unknown
 *     A deep copy of parsed JSON with secret-named string fields masked and every string run
 *     through maskText. Filter a masked body (filter.ts) so a selection such as
 *     `| .data.secret` is masked too.
 *
 *   options: { secrets?: readonly string[]; secretHeaders?: readonly string[] }
 *
 * Masking is for display. Copying a response block still gives the real body (copying is the
 * explicit act, e.g. to store a new key's secret); say so with a note when findSecrets found
 * any. Keep ResponseStore bodies unmasked too, so `$last.data.secret` works.
 *
 *   `curl --reveal`, the explicit way to include the key:
 *   parseCurlArgs(args: string[]): { ok: true, n: number | null, reveal: boolean } | { ok: false, message }
 *     `curl`, `curl 2`, `curl --reveal`, `curl 2 --reveal` (any order); n null = the last.
 *   revealValues(request: { credentialHeaders?, credentialScheme? }, credentials: { apiKey?, hostHeaders? })
 *     : Record<string, string>    the curl variables (curl.ts credentialVariable) → their values
 *   revealCurl(command: string, values: Record<string, string>): string
 *     toCurl's output with every `"…$VARIABLE…"` word whose variables are all in `values`
 *     turned into a single-quoted literal: `-H "X-API-Key: $DEVSHELL_API_KEY"` →
 *     `-H 'X-API-Key: sk_test_…'`. Other words are unchanged; the result is still POSIX-safe.
 *   REVEAL_WARNING   a line to print under a revealed command
 */

import { credentialVariable, KEY_VARIABLE, shellQuote, type CurlRequest } from '../curl.js';

export type SecretKind = 'key' | 'password';

export interface MaskOptions {
  secrets?: readonly string[];
  secretHeaders?: readonly string[];
}

export interface SecretSpan {
  start: number;
  end: number;
  replacement: string;
  rule: 'field' | 'header' | 'query' | 'token' | 'known';
}

export const REVEAL_WARNING = 'This command holds the key in clear text: do not paste it into tickets, chats or logs.';

const SECRET_SUFFIX = /(?:token|secret|password|passwd|passphrase|apikey|privatekey|authorization|cookie|credentials?)$/;
const NOT_SECRET_SUFFIX = /(?:pagetoken|nexttoken|continuationtoken|synctoken|resumetoken|cursortoken)$/;
const PASSWORD_SUFFIX = /(?:password|passwd|passphrase)$/;
const ALREADY_MASKED = /[…•]|^\*+$/;
const KEY_PREFIX = /^(?:[A-Za-z]{2,8}_(?:live_|test_)?|github_pat_|xox[a-z]-|eyJ)/;

const DEFAULT_HEADERS = ['authorization', 'proxy-authorization', 'x-api-key', 'x-auth-token', 'cookie', 'set-cookie'];
const TOKEN =
  /\b(?:[sr]k_(?:live|test)_[A-Za-z0-9_-]{8,}|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*|whsec_[A-Za-z0-9+/=]{16,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abposr]-[A-Za-z0-9-]{10,})/g;
const JSON_PAIR = /"((?:[^"\\]|\\.)*)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
const QUERY_PARAM = /([?&;])([A-Za-z0-9_.[\]-]+)=([^&#\s'"]+)/g;

const normalName = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

export function isSecretName(name: string): boolean {
  const n = normalName(name);
  return SECRET_SUFFIX.test(n) && !NOT_SECRET_SUFFIX.test(n);
}

const kindOf = (name: string): SecretKind => (PASSWORD_SUFFIX.test(normalName(name)) ? 'password' : 'key');

export function maskValue(value: string, kind: SecretKind = 'key'): string {
  if (value === '' || ALREADY_MASKED.test(value)) return value;
  if (kind === 'password') return '••••••••';
  if (value.length < 12) return '••••';
  const prefix = KEY_PREFIX.exec(value)?.[0] ?? '';
  return `${prefix}…${[...value].slice(-4).join('')}`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function headerPattern(extra: readonly string[]): RegExp {
  const names = [...new Set([...DEFAULT_HEADERS, ...extra.map((h) => h.toLowerCase())])].map(escapeRegExp).join('|');
  return new RegExp(`(?<![A-Za-z0-9_-])(${names})(\\s*:\\s*)((?:Bearer|Basic|Token|Digest)\\s+)?([^\\s'";]+(?:;\\s?[^\\s'";]+)*;?)`, 'gi');
}

function jsonDecode(raw: string): string | null {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return null;
  }
}

export function findSecrets(text: string, options: MaskOptions = {}): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const add = (start: number, end: number, replacement: string, rule: SecretSpan['rule']) => {
    if (replacement !== text.slice(start, end)) spans.push({ start, end, replacement, rule });
  };
  for (const m of text.matchAll(JSON_PAIR)) {
    const name = jsonDecode(m[1]!);
    const value = jsonDecode(m[3]!);
    if (name === null || value === null || !isSecretName(name)) continue;
    const start = m.index + m[0].length - 1 - m[3]!.length;
    const scheme = normalName(name).endsWith('authorization') ? /^(?:Bearer|Basic|Token|Digest)\s+/i.exec(value)?.[0] ?? '' : '';
    add(start, start + m[3]!.length, JSON.stringify(scheme + maskValue(value.slice(scheme.length), kindOf(name))).slice(1, -1), 'field');
  }
  for (const m of text.matchAll(headerPattern(options.secretHeaders ?? []))) {
    const value = m[4]!;
    if (value.startsWith('$')) continue;
    const start = m.index + m[0].length - value.length;
    add(start, start + value.length, maskValue(value), 'header');
  }
  for (const m of text.matchAll(QUERY_PARAM)) {
    if (!isSecretName(m[2]!)) continue;
    const start = m.index + m[0].length - m[3]!.length;
    add(start, start + m[3]!.length, maskValue(m[3]!, kindOf(m[2]!)), 'query');
  }
  for (const m of text.matchAll(TOKEN)) add(m.index, m.index + m[0].length, maskValue(m[0]), 'token');
  for (const secret of options.secrets ?? []) {
    if (secret.length < 6) continue;
    for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + secret.length)) add(at, at + secret.length, maskValue(secret), 'known');
  }
  // The widest span wins where rules overlap (a `"secret": "sk_…"` field holds a token).
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: SecretSpan[] = [];
  for (const span of spans) {
    const last = kept[kept.length - 1];
    if (!last || span.start >= last.end) kept.push(span);
  }
  return kept;
}

export function maskText(text: string, options: MaskOptions = {}): string {
  let out = '';
  let at = 0;
  for (const span of findSecrets(text, options)) {
    out += text.slice(at, span.start) + span.replacement;
    at = span.end;
  }
  return out + text.slice(at);
}

export function maskJson(value: unknown, options: MaskOptions = {}): unknown {
  if (typeof value === 'string') return maskText(value, options);
  if (Array.isArray(value)) return value.map((item) => maskJson(item, options));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = typeof item === 'string' && isSecretName(key) ? maskValue(item, kindOf(key)) : maskJson(item, options);
  }
  return out;
}

export function parseCurlArgs(args: readonly string[]): { ok: true; n: number | null; reveal: boolean } | { ok: false; message: string } {
  let n: number | null = null;
  let reveal = false;
  for (const arg of args) {
    if (arg === '--reveal') reveal = true;
    else if (/^[0-9]+$/.test(arg) && n === null && Number(arg) >= 1) n = Number(arg);
    else return { ok: false, message: `curl: unexpected ${JSON.stringify(arg)}; use curl [n] [--reveal] (n from 1, the last request)` };
  }
  return { ok: true, n, reveal };
}

export function revealValues(
  request: Pick<CurlRequest, 'credentialHeaders' | 'credentialScheme'>,
  credentials: { apiKey?: string | null; hostHeaders?: Readonly<Record<string, string>> | null },
): Record<string, string> {
  const values: Record<string, string> = {};
  if (request.credentialScheme === 'host') {
    const host = Object.entries(credentials.hostHeaders ?? {});
    for (const name of request.credentialHeaders ?? []) {
      const value = host.find(([h]) => h.toLowerCase() === name.toLowerCase())?.[1];
      if (value !== undefined) values[credentialVariable('host', name)] = value;
    }
  } else if (credentials.apiKey) {
    values[KEY_VARIABLE] = credentials.apiKey;
  }
  return values;
}

/** The variables of a double-quoted word's content, or null if it uses one not in `values`. */
function expandDoubleQuoted(content: string, values: Readonly<Record<string, string>>): string | null {
  let out = '';
  for (let i = 0; i < content.length; i += 1) {
    const ch = content[i]!;
    if (ch === '\\' && i + 1 < content.length && '$`"\\\n'.includes(content[i + 1]!)) {
      if (content[i + 1] !== '\n') out += content[i + 1];
      i += 1;
    } else if (ch === '$') {
      const name = /^\{([A-Za-z_][A-Za-z0-9_]*)\}|^([A-Za-z_][A-Za-z0-9_]*)/.exec(content.slice(i + 1));
      const variable = name?.[1] ?? name?.[2];
      if (!name || variable === undefined || !Object.hasOwn(values, variable)) return null;
      out += values[variable];
      i += name[0].length;
    } else if (ch === '`') {
      return null;
    } else {
      out += ch;
    }
  }
  return out;
}

export function revealCurl(command: string, values: Readonly<Record<string, string>>): string {
  let out = '';
  let i = 0;
  while (i < command.length) {
    const ch = command[i]!;
    if (ch === "'") {
      const close = command.indexOf("'", i + 1);
      const end = close < 0 ? command.length : close + 1;
      out += command.slice(i, end);
      i = end;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < command.length && command[j] !== '"') j += command[j] === '\\' ? 2 : 1;
      const expanded = expandDoubleQuoted(command.slice(i + 1, j), values);
      out += expanded === null ? command.slice(i, j + 1) : shellQuote(expanded);
      i = j + 1;
    } else if (ch === '\\') {
      out += command.slice(i, i + 2);
      i += 2;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}
