/**
 * The history list as pure values (history.ts persists it). Entries run oldest → newest.
 *
 *   HISTORY_CAP = 1000
 *   addToHistory(entries, line, options?): string[]
 *     A new list with the line redacted and appended — unless it is blank or equal to the
 *     newest entry (consecutive duplicates are kept once) — capped to the newest `cap`.
 *   capHistory(entries, cap = HISTORY_CAP): string[]       the newest `cap` entries
 *   normaliseHistory(stored: unknown, options?): string[]
 *     Whatever came back from storage → a clean list: strings only, redacted, one line each,
 *     consecutive duplicates collapsed, capped. Storage is outside our control (an older
 *     version, another tab, a hand edit), so nothing is trusted.
 *   redactSecrets(line, options?): string
 *     Secrets never enter history:
 *     - `env set key sk_live_…` → `env set key ********` (any `env set` name that holds a key,
 *       token, secret or password);
 *     - any `sk_live_…` / `sk_test_…` (and `rk_…`) token → `sk_live_********`;
 *     - `-H`/`--header` values of credential headers — Authorization, Proxy-Authorization,
 *       X-API-Key, Cookie, X-Auth-Token and `options.secretHeaders` (the spec's own apiKey
 *       header, e.g. X-Custom-Key) — become `********` (`Bearer ********` keeps its scheme);
 *     - JSON string values of password/secret/token/apiKey-like keys (`POST /auth/login
 *       {"password":"…"}`) become "********".
 *   REDACTED = '********'
 *
 *   options: { cap?: number; secretHeaders?: readonly string[] }
 */

export const HISTORY_CAP = 1000;
export const REDACTED = '********';

export interface HistoryOptions {
  cap?: number;
  secretHeaders?: readonly string[];
}

const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'x-api-key', 'cookie', 'x-auth-token'];
const KEY_TOKEN = /\b([sr]k_(?:live|test)_)[A-Za-z0-9_-]+/g;
const ENV_SET_SECRET = /^(\s*env\s+set\s+)(\S*(?:key|token|secret|password)\S*)(\s+)(.+)$/i;
const HEADER_FLAG = /(-H|--header)(\s*)(?:'([^']*)'|"((?:[^"\\]|\\.)*)"|([^\s'"]+))/g;
const SECRET_JSON_VALUE = /("[A-Za-z_-]*(?:password|passwd|secret|token|api[_-]?key)[A-Za-z_-]*"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

function redactHeader(header: string, secretHeaders: ReadonlySet<string>): string {
  const colon = header.indexOf(':');
  if (colon <= 0) return header;
  const name = header.slice(0, colon).trim().toLowerCase();
  if (!secretHeaders.has(name)) return header;
  const value = header.slice(colon + 1);
  const scheme = /^(\s*(?:Bearer|Basic|Token)\s+)/i.exec(value)?.[1] ?? value.match(/^\s*/)![0];
  return `${header.slice(0, colon + 1)}${scheme}${REDACTED}`;
}

export function redactSecrets(line: string, options: HistoryOptions = {}): string {
  const secretHeaders = new Set([...CREDENTIAL_HEADERS, ...(options.secretHeaders ?? []).map((h) => h.toLowerCase())]);
  const envSet = ENV_SET_SECRET.exec(line);
  if (envSet) return `${envSet[1]}${envSet[2]}${envSet[3]}${REDACTED}`;
  return line
    .replace(HEADER_FLAG, (whole, flag: string, space: string, single?: string, double?: string, bare?: string) => {
      if (single !== undefined) return `${flag}${space}'${redactHeader(single, secretHeaders)}'`;
      if (double !== undefined) return `${flag}${space}"${redactHeader(double, secretHeaders)}"`;
      if (bare !== undefined) return `${flag}${space}${redactHeader(bare, secretHeaders)}`;
      return whole;
    })
    .replace(SECRET_JSON_VALUE, `$1"${REDACTED}"`)
    .replace(KEY_TOKEN, `$1${REDACTED}`);
}

export function capHistory(entries: readonly string[], cap = HISTORY_CAP): string[] {
  const keep = Math.max(0, Math.floor(cap));
  return entries.length > keep ? entries.slice(entries.length - keep) : [...entries];
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

export function addToHistory(entries: readonly string[], line: string, options: HistoryOptions = {}): string[] {
  const entry = redactSecrets(oneLine(line).trim(), options);
  if (entry === '' || entries[entries.length - 1] === entry) return capHistory(entries, options.cap);
  return capHistory([...entries, entry], options.cap);
}

export function normaliseHistory(stored: unknown, options: HistoryOptions = {}): string[] {
  if (!Array.isArray(stored)) return [];
  let entries: string[] = [];
  for (const item of stored) {
    if (typeof item === 'string') entries = addToHistory(entries, item, { ...options, cap: Number.POSITIVE_INFINITY });
  }
  return capHistory(entries, options.cap);
}
